using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>Calibrating distributed DP's noise multiplier for a target epsilon: the multiplier found meets the
/// target and is within 1 % of the smallest that does; a target only noise the ring cannot hold would meet is
/// refused, saying so.</summary>
public sealed class DistributedDpCalibrationTests
{
    // The shipped experiments/configs/privacy/distributed-dp.json: mlp2nn's 199,210 values, 5 clients every round, Z_(2^32).
    const int Mlp2nnLength = 199_210;
    static readonly DistributedDpSettings Shipped = new(1.0, 1.0, DistributedNoise.DiscreteGaussian, 1e-5, ExpectedCohort: 5);

    static double Epsilon(DistributedDpSettings settings, int bits, int length, int rounds, double q)
    {
        var ledger = new DistributedDpLedger(new DistributedDpMechanism(settings, bits, length));
        for (int r = 0; r < rounds; r++)
            ledger = ledger.Charge(settings.ExpectedCohort, q);
        return ledger.Epsilon();
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian, 32, 3.0, 10, 1.0)]
    [InlineData(DistributedNoise.DiscreteGaussian, 32, 1.0, 20, 0.5)]
    [InlineData(DistributedNoise.Skellam, 20, 5.0, 5, 1.0)]
    public void TheCalibratedMultiplierMeetsTheTargetWithinOnePercent(DistributedNoise noise, int bits, double target, int rounds, double q)
    {
        var settings = Shipped with { Noise = noise };
        double z = DistributedDpCalibration.NoiseMultiplierFor(target, settings, bits, Mlp2nnLength, rounds, q);
        double spent = Epsilon(settings with { NoiseMultiplier = z }, bits, Mlp2nnLength, rounds, q);
        Assert.True(spent <= target, $"z {z} spends {spent} > {target}");
        Assert.True(Epsilon(settings with { NoiseMultiplier = z * 0.99 }, bits, Mlp2nnLength, rounds, q) > target,
            $"z {z} is not within 1 % of the smallest multiplier that meets {target}");
    }

    [Fact]
    public void TheShippedRunsEpsilonCalibratesBackToItsMultiplier()
    {
        // The shipped config (z = 1) reported epsilon_rdp 9.0879 after its 3 rounds (docs/BENCHMARKS.md); asking
        // for what z = 1 spends must give z = 1 back, to the calibration's 0.1 %.
        double spent = Epsilon(Shipped, 32, Mlp2nnLength, 3, 1.0);
        Assert.Equal(9.0879, spent, 3);
        double z = DistributedDpCalibration.NoiseMultiplierFor(spent, Shipped, 32, Mlp2nnLength, 3, 1.0);
        Assert.InRange(z, 1.0, 1.001);
    }

    [Fact]
    public void ATargetBelowWhatTheRingsRoundingAllowsIsRefused()
    {
        // In Z_(2^8) more noise means a coarser granularity (k standard deviations must fit the ring), so epsilon
        // levels off above 0.01: out of reach.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DistributedDpCalibration.NoiseMultiplierFor(0.01, Shipped, 8, Mlp2nnLength, 100, 1.0));
        Assert.Contains("No noise multiplier up to 1e6 meets this target", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMultiplierTheSamplerCannotDrawIsRefusedSayingWhy()
    {
        // Skellam noise in Z_(2^32) for mlp2nn needs Poisson means beyond what the sampler draws: refused, naming it.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DistributedDpCalibration.NoiseMultiplierFor(5, Shipped with { Noise = DistributedNoise.Skellam }, 32, Mlp2nnLength, 5, 1.0));
        Assert.Contains("refused in Z_(2^32)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Skellam", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLittleNoiseForTheRingIsRefusedByTheMechanismAndSkippedByTheCalibration()
    {
        // 10 clients, z = 0.1: 1/γ is about 5.3e9, so clip norm / γ exceeds 2^32 (measured: every client refused it).
        var tenClients = Shipped with { ExpectedCohort = 10 };
        var e = Assert.Throws<ArgumentException>(() => new DistributedDpMechanism(tenClients with { NoiseMultiplier = 0.1 }, 32, Mlp2nnLength));
        Assert.Contains("a clipped update would not fit Z_(2^32)", e.Message, StringComparison.Ordinal);
        // A generous target would be met by little noise; the calibration answers with the least the ring carries.
        double z = DistributedDpCalibration.NoiseMultiplierFor(1000, tenClients, 32, Mlp2nnLength, 1, 1.0);
        _ = new DistributedDpMechanism(tenClients with { NoiseMultiplier = z }, 32, Mlp2nnLength);
        Assert.Throws<ArgumentException>(() => new DistributedDpMechanism(tenClients with { NoiseMultiplier = z * 0.99 }, 32, Mlp2nnLength));
    }
}
