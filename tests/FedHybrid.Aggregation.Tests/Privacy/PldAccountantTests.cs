using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>The PLD accountant against dp_accounting's PLD figures published in tensorflow/privacy's
/// compute_dp_sgd_privacy_test.py (connect-the-dots, discretization 1e-4), against the exact Gaussian
/// mechanism (Balle and Wang 2018, Theorem 8), and against the RDP accountant.</summary>
public sealed class PldAccountantTests
{
    static double Pld(double q, double sigma, long steps, double delta, double discretization = 1e-4) =>
        new PldAccountant(discretization).ComposePoissonGaussian(q, sigma, steps).Epsilon(delta).Epsilon;

    static double Rdp(double q, double sigma, long steps, double delta) =>
        new RdpAccountant().ComposePoissonGaussian(q, sigma, steps).Epsilon(delta).Epsilon;

    [Theory]
    // test_compute_dp_sgd_example_privacy, PLD rows with Poisson q = 1e-2: 120 steps, delta 1e-5.
    [InlineData(0.7, 120, 1e-5, 2.4612381)]
    [InlineData(0.35, 120, 1e-5, 18.6977407)]
    public void ExamplePrivacyMatchesDpAccounting(double sigma, long steps, double delta, double expected)
    {
        // Same discretization and method as dp_accounting, so the figure agrees to the 7 digits published.
        Assert.Equal(expected, Pld(0.01, sigma, steps, delta), 6);
    }

    [Fact]
    public void PrivacyStatementMatchesDpAccounting()
    {
        // test_dp_sgd_privacy_statement_no_user_dp_with_pld: q = 0.0064, sigma 1.0, 782 steps, delta 1e-6: "1.199".
        Assert.Equal(1.199, Math.Round(Pld(0.0064, 1.0, 782, 1e-6), 3));
    }

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.8, 0.1)]
    public void UnsampledGaussianIsExactUpToTheGrid(double sigma, double epsilon)
    {
        // q = 1, one step: the analytic Gaussian δ(ε) = Φ(1/(2σ) - εσ) - e^ε Φ(-1/(2σ) - εσ).
        double exact = SubsampledGaussianPld.HockeyStick(1, sigma, PldDirection.Remove, epsilon);
        double tail(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2));
        Assert.Equal(tail(epsilon * sigma - 0.5 / sigma) - Math.Exp(epsilon) * tail(epsilon * sigma + 0.5 / sigma), exact, 14);
        double pld = new PldAccountant(1e-3).ComposePoissonGaussian(1, sigma, 1).Delta(epsilon).Delta;
        Assert.True(pld >= exact - 1e-15, $"{pld} < {exact}");
        Assert.True(pld <= exact + 1e-4, $"{pld} vs {exact}");
    }

    [Fact]
    public void ASmallSigmasDiscretizedLossHasUnitMassAndComposesToTheClosedForm()
    {
        // σ = 0.1: each step's loss is N(50, 100); two steps are the Gaussian with σ/√2, ε ≈ 159.4 at δ = 1e-5.
        var one = SubsampledGaussianPld.Discretize(1, 0.1, PldDirection.Remove, 1e-3);
        Assert.Equal(1, one.Probabilities.Sum() + one.InfinityMass, 9);
        double eps = new PldAccountant(1e-3).ComposePoissonGaussian(1, 0.1, 2).Epsilon(1e-5).Epsilon;
        double exactDelta = SubsampledGaussianPld.HockeyStick(1, 0.1 / Math.Sqrt(2), PldDirection.Remove, eps);
        Assert.True(exactDelta <= 1e-5, $"the exact delta at the PLD's epsilon {eps} is {exactDelta}");
        Assert.True(SubsampledGaussianPld.HockeyStick(1, 0.1 / Math.Sqrt(2), PldDirection.Remove, eps - 0.05) > 1e-5, $"epsilon {eps} is not within 0.05 of exact");
    }

    [Fact]
    public void ComposedUnsampledGaussianMatchesTheClosedForm()
    {
        // T compositions of N(0,σ²) vs N(1,σ²) are one Gaussian with σ/√T: the FFT composition must reproduce it.
        double sigma = 3, steps = 16, eff = sigma / Math.Sqrt(steps);
        double exact = SubsampledGaussianPld.HockeyStick(1, eff, PldDirection.Remove, 1.0);
        double pld = new PldAccountant(1e-4).ComposePoissonGaussian(1, sigma, (long)steps).Delta(1.0).Delta;
        Assert.True(pld >= exact * (1 - 1e-9), $"{pld} < {exact}");
        Assert.True(pld <= exact * 1.01, $"{pld} vs {exact}");
    }

    [Theory]
    [InlineData(0.01, 4.0, 10000, 1e-5)]   // Abadi et al. 2016
    [InlineData(0.0025, 1.3, 6000, 1e-5)]  // tf-privacy Test0
    [InlineData(0.001, 1.0, 30000, 1e-7)]  // tf-privacy Test1
    [InlineData(0.0064, 1.0, 782, 1e-6)]
    [InlineData(0.01, 0.7, 120, 1e-5)]
    [InlineData(0.01, 0.35, 120, 1e-5)]
    [InlineData(0.1, 1.0, 100, 1e-5)]
    // Small σ puts the loss far above 0 while δ is still near 1: the case whose discretization once overflowed
    // (PLD 226 against RDP 166 at q = 1, σ = 0.1, two steps).
    [InlineData(1.0, 0.1, 2, 1e-5)]
    [InlineData(0.5, 0.1, 2, 1e-5)]
    [InlineData(0.9, 0.15, 3, 1e-5)]
    public void PldIsAtMostRdp(double q, double sigma, long steps, double delta)
    {
        double pld = Pld(q, sigma, steps, delta), rdp = Rdp(q, sigma, steps, delta);
        Assert.True(pld <= rdp, $"PLD {pld} > RDP {rdp}");
        Assert.True(pld > 0.3 * rdp, $"PLD {pld} implausibly far below RDP {rdp}");
    }

    [Fact]
    public void StateRoundTrips()
    {
        var accountant = new PldAccountant(1e-3).ComposePoissonGaussian(0.02, 1.1, 50).ComposePoissonGaussian(0.02, 1.1, 25).ComposePoissonGaussian(0.05, 1.5, 10);
        var restored = PldAccountant.FromState(accountant.State);
        Assert.Equal(accountant.Epsilon(1e-5).Epsilon, restored.Epsilon(1e-5).Epsilon);
        Assert.Equal(85, restored.Steps);
        Assert.Equal([75L, 10L], restored.State.Steps);
    }

    [Fact]
    public void HeterogeneousCompositionLiesBetweenItsParts()
    {
        double both = new PldAccountant(1e-3).ComposePoissonGaussian(0.02, 1.0, 100).ComposePoissonGaussian(0.02, 2.0, 100).Epsilon(1e-5).Epsilon;
        double low = new PldAccountant(1e-3).ComposePoissonGaussian(0.02, 2.0, 200).Epsilon(1e-5).Epsilon;
        double high = new PldAccountant(1e-3).ComposePoissonGaussian(0.02, 1.0, 200).Epsilon(1e-5).Epsilon;
        Assert.InRange(both, low, high);
    }

    [Fact]
    public void RefiningTheGridOnlyLowersTheBound()
    {
        // Connect-the-dots on a finer grid interpolates between more exact points, so it is dominated by the coarser one.
        double coarse = Pld(0.0064, 1.0, 782, 1e-6, 1e-3), fine = Pld(0.0064, 1.0, 782, 1e-6, 1e-4);
        Assert.True(fine <= coarse, $"{fine} > {coarse}");
        Assert.True(coarse - fine < 1e-2, $"the 1e-3 grid is {coarse - fine} above the 1e-4 grid");
    }

    [Fact]
    public void SingleStepPmfIsAProbabilityDistributionInBothDirections()
    {
        foreach (var direction in new[] { PldDirection.Remove, PldDirection.Add })
        {
            var pmf = SubsampledGaussianPld.Discretize(0.05, 0.9, direction, 1e-3);
            Assert.All(pmf.Probabilities, p => Assert.True(p >= 0));
            Assert.Equal(1.0, pmf.Probabilities.Sum() + pmf.InfinityMass, 9);
            // The exact δ at a grid point is reproduced by the discrete distribution (it matches at grid points).
            double eps = 50 * 1e-3;
            Assert.Equal(SubsampledGaussianPld.HockeyStick(0.05, 0.9, direction, eps), pmf.DeltaForEpsilon(eps), 9);
            Assert.Equal(eps, pmf.EpsilonForDelta(pmf.DeltaForEpsilon(eps)), 6);
        }
    }

    [Fact]
    public void BadDiscretizationNamesTheParameter()
    {
        Assert.Equal("discretization", Assert.Throws<ArgumentOutOfRangeException>(() => new PldAccountant(0)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new PldAccountant().ComposePoissonGaussian(0.1, 0)).ParamName);
    }
}
