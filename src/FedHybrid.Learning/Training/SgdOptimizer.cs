using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Training;

/// <summary>
/// Plain SGD with momentum and L2 weight decay, the same tensor operations in the same order as TorchSharp's
/// <c>torch.optim.SGD</c> (dampening 0, no Nesterov), so it gives the same weights bit for bit. It exists because
/// TorchSharp's step turns each double into a temporary <see cref="Scalar"/> that nothing keeps alive across the native
/// call: when several trainers share a process (virtual clients, in-process simulations), a garbage collection can
/// finalize the Scalar mid-call, and libtorch reads a freed value ("toFloat at Scalar.h:140", seen on 2026-12-03 in a
/// 77-run poisoning grid). Here every Scalar is owned for the whole fit and disposed with the optimizer.
/// </summary>
sealed class SgdOptimizer : IDisposable
{
    readonly TorchSharp.Modules.Parameter[] _parameters;
    readonly Tensor?[] _momentum;
    readonly Scalar _negativeLearningRate, _momentumFactor, _one, _weightDecay;
    readonly bool _hasMomentum, _hasWeightDecay;

    public SgdOptimizer(TorchSharp.Modules.Parameter[] parameters, double learningRate, double momentum, double weightDecay)
    {
        _parameters = parameters;
        _momentum = new Tensor?[parameters.Length];
        (_hasMomentum, _hasWeightDecay) = (momentum != 0, weightDecay != 0);
        _negativeLearningRate = (-learningRate).ToScalar();
        _momentumFactor = momentum.ToScalar();
        _one = 1.0.ToScalar();
        _weightDecay = weightDecay.ToScalar();
    }

    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    /// <param name="correction">SCAFFOLD's c - c_i, one tensor a parameter: each step also moves the weights by
    /// -lr x correction, outside the momentum buffer (y = y - lr (g + momentum b) - lr (c - c_i), as Flower's
    /// niid_bench does). Added to the gradient instead, it would be amplified by the momentum, 1 / (1 - 0.9) = 10
    /// times at momentum 0.9, which diverged NIID-Bench's SCAFFOLD cells.</param>
    public void Step(Tensor[]? correction = null)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var grad = parameter.grad;
            if (grad is null) continue;
            if (_hasWeightDecay)
                grad = grad.add(parameter, _weightDecay);
            if (_hasMomentum)
            {
                if (_momentum[i] is { } buffer)
                    buffer.mul_(_momentumFactor).add_(grad, _one);
                else
                    _momentum[i] = grad.clone().detach().DetachFromDisposeScope();
                grad = _momentum[i]!;
            }
            parameter.add_(grad, _negativeLearningRate);
            if (correction is not null)
                parameter.add_(correction[i], _negativeLearningRate);
        }
    }

    public void Dispose()
    {
        foreach (var buffer in _momentum)
            buffer?.Dispose();
        _negativeLearningRate.Dispose();
        _momentumFactor.Dispose();
        _one.Dispose();
        _weightDecay.Dispose();
    }
}
