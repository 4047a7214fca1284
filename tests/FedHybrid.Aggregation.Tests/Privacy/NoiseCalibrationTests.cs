using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>Calibration recovers the noise multiplier behind published (epsilon, delta) figures within 1 %.</summary>
public sealed class NoiseCalibrationTests
{
    [Fact]
    public void RdpCalibrationRecoversTfPrivacyTest0()
    {
        // compute_dp_sgd_privacy_test Test0: sigma 1.3 at q = 150/60000, 6000 steps, delta 1e-5 gives 0.7242234026109595.
        double sigma = NoiseCalibration.SigmaForEpsilon(0.7242234026109595, 1e-5, 150.0 / 60000, 6000);
        Assert.InRange(sigma, 1.3, 1.3 * 1.01);
        Assert.True(new RdpAccountant().ComposePoissonGaussian(150.0 / 60000, sigma, 6000).Epsilon(1e-5).Epsilon <= 0.7242234026109595);
    }

    [Fact]
    public void PldCalibrationRecoversDpAccountingFigure()
    {
        // dp_accounting PLD: sigma 0.7, q = 0.01, 120 steps, delta 1e-5 gives 2.4612381.
        double sigma = NoiseCalibration.SigmaForEpsilon(2.4612381, 1e-5, 0.01, 120, PrivacyAccountantKind.Pld, pldDiscretization: 1e-4);
        Assert.InRange(sigma, 0.7 * 0.99, 0.7 * 1.01);
    }

    [Theory]
    [InlineData(1.0, 1e-5, 0.01, 1000)]
    [InlineData(8.0, 1e-6, 0.05, 200)]
    public void CalibratedSigmaMeetsTheTargetTightly(double target, double delta, double q, long steps)
    {
        double sigma = NoiseCalibration.SigmaForEpsilon(target, delta, q, steps);
        double Eps(double s) => new RdpAccountant().ComposePoissonGaussian(q, s, steps).Epsilon(delta).Epsilon;
        Assert.True(Eps(sigma) <= target);
        Assert.True(Eps(sigma * 0.99) > target, "a sigma 1 % smaller also meets the target: calibration is loose");
    }

    [Fact]
    public void BadTargetNamesTheParameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NoiseCalibration.SigmaForEpsilon(-1, 1e-5, 0.01, 10));
        Assert.Equal("targetEpsilon", e.ParamName);
    }
}
