using FedHybrid.Attacks.GradientInversion;
using FedHybrid.Attacks.ImageQuality;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.Tests.GradientInversion;

public sealed class GradientInverterTests
{
    static (GrayImage Original, GrayImage Reconstructed, InversionResult Result) Attack(InversionOptions options, int index)
    {
        var image = BundledData.Train.Subset([index]);
        using var learner = new LocalLearner("mlp2nn", threads: 1, seed: 7);
        var weights = learner.InitialWeights();
        // What the coordinator opens: one client's update after one SGD step on one image.
        const double lr = 0.1;
        var trained = learner.Fit(weights, image, new TrainingOptions(Epochs: 1, BatchSize: 1, LearningRate: lr), TestContext.Current.CancellationToken).Weights;
        var update = Learning.Parameters.ParameterVector.Delta(trained, weights);
        var gradient = update.Select(u => (float)(-u / lr)).ToArray();
        using var inverter = new GradientInverter("mlp2nn", weights);
        var labels = LabelInference.FromGradient(gradient, inverter.Layout, 1);
        Assert.Equal(image.Labels[0], labels[0]);
        var result = inverter.Invert(gradient, labels, options, TestContext.Current.CancellationToken);
        return (GrayImage.FromStandardized(image.Pixels, 28, 28, Normalization.Mean, Normalization.StdDev),
            GrayImage.FromStandardized(result.Pixels, 28, 28, Normalization.Mean, Normalization.StdDev), result);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1234)]
    public void DlgRecoversOneImageFromAnMlp2nnUpdate(int index)
    {
        var (original, reconstructed, result) = Attack(InversionOptions.Dlg(iterations: 30), index);
        double psnr = Psnr.Of(original, reconstructed);
        TestContext.Current.TestOutputHelper?.WriteLine($"DLG psnr {psnr:F2} ssim {Ssim.Of(original, reconstructed):F4} evals {result.Evaluations} {result.Seconds:F1}s obj {result.FinalObjective}");
        Assert.True(psnr > 30, $"PSNR {psnr:F2} dB");
    }

    [Theory]
    [InlineData(0)]
    public void InvertingGradientsRecoversOneImageFromAnMlp2nnUpdate(int index)
    {
        var (original, reconstructed, result) = Attack(InversionOptions.InvertingGradients(iterations: 400, totalVariation: 1e-3), index);
        double psnr = Psnr.Of(original, reconstructed);
        TestContext.Current.TestOutputHelper?.WriteLine($"IG psnr {psnr:F2} ssim {Ssim.Of(original, reconstructed):F4} evals {result.Evaluations} {result.Seconds:F1}s obj {result.FinalObjective}");
        Assert.True(psnr > 25, $"PSNR {psnr:F2} dB");
    }
}
