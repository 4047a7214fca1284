using Xunit;
using FedHybrid.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Tests.Training;

/// <summary>The project's SGD takes the same steps as TorchSharp's torch.optim.SGD, bit for bit: replacing it (to own its
/// Scalars, see SgdOptimizer) changes no model.</summary>
public sealed class SgdOptimizerTests
{
    // Weights and data from a seeded System.Random, not libtorch's global generator, which tests running alongside share.
    static Tensor Random(Random random, params long[] shape)
    {
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        return torch.tensor(values, shape);
    }

    static (nn.Module<Tensor, Tensor> Model, TorchSharp.Modules.Parameter[] Parameters) Model()
    {
        var model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 4));
        var parameters = model.parameters().ToArray();
        var random = new Random(3);
        using (torch.no_grad())
            foreach (var parameter in parameters)
            {
                using var values = Random(random, parameter.shape);
                parameter.copy_(values);
            }
        return (model, parameters);
    }

    static float[] Train(double learningRate, double momentum, double weightDecay, bool ours)
    {
        var (model, parameters) = Model();
        using var _ = model;
        var random = new Random(11);
        using var x = Random(random, 64, 20);
        using var y = torch.tensor(Enumerable.Range(0, 64).Select(_ => (long)random.Next(4)).ToArray());
        using var reference = ours ? null : torch.optim.SGD(parameters, learningRate, momentum, weight_decay: weightDecay);
        using var mine = ours ? new SgdOptimizer(parameters, learningRate, momentum, weightDecay) : null;
        for (int step = 0; step < 25; step++)
        {
            using var scope = torch.NewDisposeScope();
            if (ours) mine!.ZeroGrad(); else reference!.zero_grad();
            var batch = torch.arange(step % 4 * 16, step % 4 * 16 + 16);
            nn.functional.cross_entropy(model.forward(x.index_select(0, batch)), y.index_select(0, batch)).backward();
            if (ours) mine!.Step(); else reference!.step();
        }
        return parameters.SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
    }

    [Theory]
    [InlineData(0.05, 0.0, 0.0)]
    [InlineData(0.05, 0.9, 0.0)]
    [InlineData(0.01, 0.9, 1e-5)]
    [InlineData(0.1, 0.5, 1e-3)]
    public void It_takes_torch_optim_SGDs_steps_bit_for_bit(double learningRate, double momentum, double weightDecay)
    {
        var expected = Train(learningRate, momentum, weightDecay, ours: false);
        var actual = Train(learningRate, momentum, weightDecay, ours: true);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(Train(learningRate, momentum, weightDecay * 2 + 1e-2, ours: true), actual); // and the options matter
    }

    [Fact]
    public void The_correction_moves_each_step_by_minus_lr_times_itself_outside_the_momentum()
    {
        var (model, parameters) = Model();
        using var _ = model;
        var start = parameters.Select(p => p.detach().clone()).ToArray();
        var correction = parameters.Select(p => torch.full_like(p, 0.5f)).ToArray();
        using var optimizer = new SgdOptimizer(parameters, learningRate: 0.1, momentum: 0.9, weightDecay: 0);
        using var x = torch.zeros(1, 20);
        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            (model.forward(x).sum() * 0).backward(); // every gradient exactly zero
            optimizer.Step(correction);
        }
        // Three steps of -0.1 x 0.5 each: -0.15. Inside the momentum it would be -0.05 x (1 + 1.9 + 2.71) = -0.2805.
        for (int i = 0; i < parameters.Length; i++)
        {
            using var moved = parameters[i].detach() - start[i];
            Assert.True(moved.allclose(torch.full_like(moved, -0.15f), rtol: 0, atol: 1e-6), $"parameter {i} moved {moved.mean().item<float>()}");
        }
    }
}
