using FedHybrid.Attacks.GradientInversion;

namespace FedHybrid.Attacks.Tests.GradientInversion;

public sealed class LabelInferenceTests
{
    [Fact]
    public void ReadsEachBatchLabelFromTheOutputBiasGradient()
    {
        using var inverter = new GradientInverter("mlp2nn", new Learning.Training.LocalLearner("mlp2nn", seed: 3).InitialWeights());
        foreach (int index in new[] { 5, 77, 901 })
        {
            var one = BundledData.Train.Subset([index]);
            Assert.Equal([one.Labels[0]], LabelInference.FromGradient(inverter.Gradient(one), inverter.Layout, 1));
        }
        // Four images of four classes: the negative bias-gradient entries name them all.
        var batch = BundledData.Train.Subset([0, 1, 2, 3]);
        Assert.Equal(batch.Labels.Select(l => (int)l).Order().ToArray(), LabelInference.FromGradient(inverter.Gradient(batch), inverter.Layout, 4));
    }
}
