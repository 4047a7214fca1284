using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>Distributed DP's run-level pieces: the subsampled RDP bound, the granularity and noise a mechanism picks, its
/// charge (against the Gaussian it approaches, monotone in noise and in the noise shares), the ledger's state, and the
/// noise on a decoded sum, which must have the variance the mechanism claims.</summary>
public sealed class DistributedDpAccountingTests
{
    static DistributedDpSettings Settings(DistributedNoise noise = DistributedNoise.DiscreteGaussian, double z = 1.0, int cohort = 10) =>
        new(ClipNorm: 1.0, NoiseMultiplier: z, noise, Delta: 1e-5, ExpectedCohort: cohort);

    [Theory]
    [InlineData(0.01, 1.0)]
    [InlineData(0.1, 2.0)]
    [InlineData(0.5, 0.8)]
    public void ThePoissonBoundIsAtLeastTheExactSubsampledGaussianAndAtMostTheUnsampled(double q, double sigma)
    {
        foreach (int a in new[] { 2, 3, 8, 32, 128 })
        {
            double bound = SubsampledRdp.PoissonUpperBound(a, q, l => l / (2 * sigma * sigma));
            double exact = SubsampledGaussianRdp.Rdp(q, sigma, a);
            Assert.True(bound >= exact * (1 - 1e-9), $"alpha {a}: bound {bound} below the exact {exact}");
            Assert.True(bound <= a / (2 * sigma * sigma) * (1 + 1e-12), $"alpha {a}: bound {bound} above the unsampled");
        }
        // A small rate amplifies: the bound at α = 2 is far below the unsampled 1/σ².
        Assert.True(SubsampledRdp.PoissonUpperBound(2, 0.01, l => l / 2.0) < 0.01);
        Assert.Equal(8 / 2.0, SubsampledRdp.PoissonUpperBound(8, 1, l => l / 2.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubsampledRdp.PoissonUpperBound(1, 0.5, l => l));
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian, 32)]
    [InlineData(DistributedNoise.Skellam, 20)]
    public void TheGranularityKeepsKStandardDeviationsOfTheSumInsideTheModulus(DistributedNoise noise, int bits)
    {
        var m = new DistributedDpMechanism(Settings(noise), bits, length: 1000);
        Assert.Equal(1024, m.PaddedLength);
        double k = noise == DistributedNoise.Skellam ? 3 : 4, n = 10, d = 1024, sigma = 1.0 / Math.Sqrt(n);
        // 2^b = 2k·√(c²n²/d + n·σ² + n·k²γ²/(4k²))/γ: the heuristic's defining equation.
        double span = 2 * k * Math.Sqrt(n * n / d + n * sigma * sigma) * m.Scale;
        Assert.Equal(Math.Pow(2, 2 * bits), span * span + n * k * k, Math.Pow(2, 2 * bits) * 1e-12);
        Assert.Equal(Math.Pow(sigma * m.Scale, 2), m.LocalVariance, m.LocalVariance * 1e-12);
        Assert.Equal(ConditionalRounding.NormBound(m.Scale, 1024, Math.Exp(-0.5)), m.L2Sensitivity, 1e-9);
    }

    [Fact]
    public void AnImpossibleMechanismIsRefusedSayingWhatToChange()
    {
        // 4 bits for a sum of 10: each client's discrete Gaussian falls below half an integer step.
        Assert.Contains("raise the noise multiplier or secure_aggregation.bits",
            Assert.Throws<ArgumentException>(() => new DistributedDpMechanism(Settings(z: 0.01), 4, 1000)).Message, StringComparison.Ordinal);
        // Skellam at 32 bits would need Poisson draws beyond the 32-bit sampler.
        Assert.Contains("lower secure_aggregation.bits",
            Assert.Throws<ArgumentException>(() => new DistributedDpMechanism(Settings(DistributedNoise.Skellam), 32, 1000)).Message, StringComparison.Ordinal);
        Assert.Contains("cannot hold", Assert.Throws<ArgumentException>(() => new DistributedDpMechanism(Settings(cohort: 1000), 2, 10)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian, 1.0, 1e-12, 4.0, "ClipNorm / Granularity must be at most the modulus")]
    [InlineData(DistributedNoise.DiscreteGaussian, 1.0, 1e-3, 1e30, "LocalVariance must be at most (2^20)^2")]
    [InlineData(DistributedNoise.Skellam, 1.0, 1e-3, 1e12, "LocalVariance / 2 must be at most")]
    public void AnEncodingThatWouldOverflowTheRingOrNeverFinishIsRefused(DistributedNoise noise, double clip, double granularity, double variance, string message)
    {
        // What a client is told by the coordinator: an impossible instruction must be refused, not obeyed.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedDpEncoding(new DistributedDpOptions(clip, granularity, 0.5, noise, variance, Bits: 20)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian, 32)]
    [InlineData(DistributedNoise.Skellam, 20)]
    public void TheChargeApproachesTheGaussianAndFallsWithMoreNoise(DistributedNoise noise, int bits)
    {
        var m = new DistributedDpMechanism(Settings(noise), bits, 1000);
        var rdp = m.OneRoundRdp(10, 1.0);
        // The Gaussian with the same effective multiplier: Δ₂ / (√n σ) in integer units.
        double effective = m.L2Sensitivity / Math.Sqrt(10 * m.LocalVariance);
        for (int i = 0; i < RdpOrders.Integer.Count; i++)
        {
            double gaussian = RdpOrders.Integer[i] * effective * effective / 2;
            Assert.True(rdp[i] >= gaussian * (1 - 1e-12), $"order {RdpOrders.Integer[i]}: {rdp[i]} below the Gaussian's {gaussian}");
            if (RdpOrders.Integer[i] <= 64) Assert.InRange(rdp[i] / gaussian, 1, 1.05);
        }
        double Epsilon(DistributedDpMechanism mechanism, int shares, double q) =>
            new RdpAccountant(RdpOrders.Integer).ComposeRdp(mechanism.OneRoundRdp(shares, q), 20).Epsilon(1e-5).Epsilon;
        var noisier = new DistributedDpMechanism(Settings(noise, z: 2.0), bits, 1000);
        Assert.True(Epsilon(noisier, 10, 1.0) < Epsilon(m, 10, 1.0));
        // Fewer noise shares in the sum (clients dropped) cost more; sampling amplifies.
        Assert.True(Epsilon(m, 7, 1.0) > Epsilon(m, 10, 1.0));
        Assert.True(Epsilon(m, 10, 0.1) < Epsilon(m, 10, 1.0));
    }

    [Fact]
    public void TheLedgerCountsAdoptedRoundsAndRestoresToTheSameEpsilon()
    {
        var m = new DistributedDpMechanism(Settings(), 32, 1000);
        var ledger = new DistributedDpLedger(m);
        Assert.Equal(0, ledger.Epsilon());
        Assert.True(ledger.SaveState().IsEmpty);
        var three = ledger.Charge(10, 0.5).Charge(9, 0.5).Charge(10, 0.5);
        Assert.Equal(0, ledger.Rounds); // immutable: the round is kept only by whoever keeps the result
        Assert.Equal(3, three.Rounds);
        double expected = new RdpAccountant(RdpOrders.Integer).ComposeRdp(m.OneRoundRdp(9, 0.5)).ComposeRdp(m.OneRoundRdp(10, 0.5), 2).Epsilon(1e-5).Epsilon;
        Assert.Equal(expected, three.Epsilon());
        var state = three.SaveState();
        Assert.Equal(["distributed-dp.rounds_with_shares_10", "distributed-dp.rounds_with_shares_9", "distributed-dp.sampling_rate"], state.Scalars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(three.Epsilon(), ledger.Restore(state).Epsilon());
        Assert.True(three.Charge(10, 0.5).Epsilon() > three.Epsilon());
        Assert.Contains("charges one sampling rate", Assert.Throws<InvalidOperationException>(() => three.Charge(10, 0.6)).Message, StringComparison.Ordinal);
        var bad = new StrategyState(state.Scalars.With("distributed-dp.rounds_with_shares_x", 1L), new Dictionary<string, float[]>());
        Assert.Contains("is not a distributed-DP state name", Assert.Throws<ArgumentException>(() => DistributedDpLedger.Validate(bad)).Message, StringComparison.Ordinal);
        Assert.Equal(double.NaN, three.Figures().NumberOr(Stages.RoundMetricKeys.EpsilonPld, double.NaN));
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian, 24)]
    [InlineData(DistributedNoise.Skellam, 20)]
    public void TheDecodedSumCarriesNoiseOfTheVarianceTheMechanismClaims(DistributedNoise noise, int bits)
    {
        // Ten clients encode the zero update: the decoded sum is the noise alone. In model units its variance must be
        // n·σ² = (z·c)² = 1 per coordinate: sample variance over 2^14 coordinates within 5 standard errors.
        const int clients = 10, length = 1 << 14;
        var m = new DistributedDpMechanism(Settings(noise), bits, length);
        var encoding = new DistributedDpEncoding(m.EncodingOptions);
        var random = new Random(5);
        var shares = Enumerable.Range(0, clients).Select(_ => encoding.Encode(new float[length], rotationSeed: 11, random)).ToArray();
        var sum = encoding.Decode(encoding.ModularSum(shares), length, rotationSeed: 11);
        double mean = sum.Average(v => (double)v), variance = sum.Sum(v => (v - mean) * (v - mean)) / (length - 1);
        double se = Math.Sqrt(2.0 / (length - 1));
        Assert.InRange(variance, 1 - 5 * se, 1 + 5 * se);
        Assert.InRange(mean, -5 / Math.Sqrt(length), 5 / Math.Sqrt(length));
    }
}
