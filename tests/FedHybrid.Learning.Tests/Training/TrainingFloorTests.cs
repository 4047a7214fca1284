using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using FedHybrid.Learning.Training;
using TorchSharp;
using Xunit;

namespace FedHybrid.Learning.Tests.Training;

/// <summary>The floor's bare loop trains (the weights move, the loss falls) and its rate is measured over every worker.</summary>
public sealed class TrainingFloorTests
{
    static LabeledImages Data(int count)
    {
        var random = new Random(7);
        var pixels = new float[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            // A learnable pattern: class k lights up row k.
            for (int c = 0; c < 28; c++)
                pixels[i * 784 + labels[i] * 28 + c] = 1f + (float)random.NextDouble() * 0.1f;
        }
        return new LabeledImages(pixels, labels, 28, 28);
    }

    [Fact]
    public void The_bare_epoch_learns()
    {
        torch.manual_seed(3);
        using var model = ModelFactory.Create("mlp2nn");
        using var tensors = new ImageTensors(Data(200));
        float Loss()
        {
            using var _ = torch.no_grad();
            model.eval();
            using var loss = torch.nn.functional.cross_entropy(model.forward(tensors.Images), tensors.Labels);
            return loss.item<float>();
        }
        var before = ParameterVector.Read(model);
        float lossBefore = Loss();
        for (int epoch = 0; epoch < 3; epoch++)
            TrainingFloor.BareEpoch(model, tensors.Images, tensors.Labels, batch: 20, learningRate: 0.05, momentum: 0.9, seed: epoch);
        Assert.NotEqual(before, ParameterVector.Read(model));
        Assert.True(Loss() < lossBefore / 2, $"loss {lossBefore} -> {Loss()}");
    }

    [Fact]
    public void The_rate_is_a_positive_number_of_samples_a_second_over_all_workers()
    {
        double rate = TrainingFloor.SamplesPerSecond("mlp2nn", Data(100), batch: 16, workers: 2, samplesPerWorker: 96);
        Assert.True(double.IsFinite(rate) && rate > 0, $"rate {rate}");
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingFloor.SamplesPerSecond("mlp2nn", Data(10), 16, 0, 96));
    }
}
