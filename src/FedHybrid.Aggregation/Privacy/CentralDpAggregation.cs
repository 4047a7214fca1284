using System.Globalization;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using MathNet.Numerics.Random;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>
/// Central DP-FedAvg (McMahan, Ramage, Talwar, Zhang, ICLR 2018) as a mean-delta strategy's mean: each accepted
/// update is clipped to L2 norm S, the clipped updates are summed with unit weights (a sample-count weight would
/// make one client's influence, so the sensitivity, depend on its data), N(0, (σS)²) is added to every coordinate,
/// and the sum is divided by the number of clients instructed this round. That denominator is fixed and public
/// (the cohort size ClientSelector draws from a fixed population), so dividing by it is post-processing; dividing
/// by the number that answered would not be (it depends on who took part). A client that drops out contributes
/// nothing, which shrinks the mean but costs no privacy. Adaptive clipping moves S after each round from a noised
/// count of unclipped updates (<see cref="AdaptiveClipping"/>, Andrew et al. 2021), with the noise split so that
/// the two queries together are charged the configured σ.
/// Each round is charged one step of the subsampled Gaussian with q = instructed / all clients and σ, and
/// both accountants report epsilon at δ after it (<see cref="RoundPrivacyLedger"/>).
/// The noise generator is seeded by the run seed and the round (<see cref="CentralDpNoise.Seeded"/>): the same seed
/// gives the same model to the bit, and a resumed run draws what the uninterrupted one would. That is for measuring:
/// whoever knows the seed can subtract the noise (docs/security-model.md); <see cref="CentralDpNoise.System"/> draws
/// from the system's CSPRNG instead.
/// </summary>
public sealed class CentralDpAggregation : MeanAggregation
{
    /// <summary>The name in configs and the prefix of its checkpoint state.</summary>
    public const string MechanismName = "central-dp";

    readonly CentralDpOptions _options;
    long _rounds;
    double _samplingRate = double.NaN;
    double _clipNorm;
    RoundPrivacyLedger? _ledger;

    public CentralDpAggregation(CentralDpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.ClipNorm > 0) || double.IsInfinity(options.ClipNorm))
            throw new ArgumentOutOfRangeException(nameof(options), options.ClipNorm, "ClipNorm must be positive and finite.");
        if (!(options.NoiseMultiplier > 0) || double.IsInfinity(options.NoiseMultiplier))
            throw new ArgumentOutOfRangeException(nameof(options), options.NoiseMultiplier, "NoiseMultiplier must be positive and finite (sigma = 0 is not private).");
        if (!(options.Delta > 0 && options.Delta < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Delta, "Delta must be in (0, 1).");
        if (options.AdaptiveClipping is { } adaptive)
        {
            if (!(adaptive.TargetQuantile > 0 && adaptive.TargetQuantile < 1))
                throw new ArgumentOutOfRangeException(nameof(options), adaptive.TargetQuantile, "TargetQuantile must be in (0, 1).");
            if (!(adaptive.LearningRate > 0) || double.IsInfinity(adaptive.LearningRate))
                throw new ArgumentOutOfRangeException(nameof(options), adaptive.LearningRate, "LearningRate must be positive and finite.");
            if (adaptive.ClippedCountStddev is { } stddev && (!(2 * stddev > options.NoiseMultiplier) || double.IsInfinity(stddev)))
                throw new ArgumentOutOfRangeException(nameof(options), stddev,
                    $"ClippedCountStddev must be finite and exceed NoiseMultiplier/2 = {options.NoiseMultiplier / 2}: the count query would use up the whole noise budget.");
        }
        _options = options;
        _clipNorm = options.ClipNorm;
    }

    public override string Name => MechanismName;

    public CentralDpOptions Options => _options;

    /// <summary>Rounds charged so far (adopted rounds that aggregated).</summary>
    public long RoundsAccounted => _rounds;

    /// <summary>The clip norm the next round uses.</summary>
    public double ClipNorm => _clipNorm;

    string RoundsKey => StatePrefix + "rounds";
    string SamplingRateKey => StatePrefix + "sampling_rate";
    string ClipNormKey => StatePrefix + "clip_norm";

    public override MeanAggregate Aggregate(RoundContext round, int instructed, IReadOnlyList<FitReply> accepted)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(accepted);
        if (accepted.Count == 0) throw new ArgumentException("at least one update is needed", nameof(accepted));
        if (instructed < accepted.Count || instructed > round.Clients.Count)
            throw new ArgumentOutOfRangeException(nameof(instructed), instructed,
                $"{accepted.Count} updates accepted from {instructed} instructed of {round.Clients.Count} clients");
        double q = (double)instructed / round.Clients.Count;
        if (_rounds > 0 && q != _samplingRate)
            throw new InvalidOperationException(
                $"round {round.Round} samples {instructed} of {round.Clients.Count} clients (q = {Show(q)}), but the {_rounds} round(s) charged so far had q = {Show(_samplingRate)}: central DP charges one sampling rate for the whole run");

        var updates = accepted.Select(r => r.Delta).ToArray();
        var random = _options.Noise == CentralDpNoise.System ? new CryptoRandomSource() : NoiseSource(_options.Seed, round.Round);
        float[] sum;
        double next = _clipNorm;
        try
        {
            if (_options.AdaptiveClipping is { } adaptive)
            {
                var clipping = new AdaptiveClipping(
                    new AdaptiveClippingOptions(_options.ClipNorm, _options.NoiseMultiplier, instructed, _options.ClippedCountStddevFor(instructed),
                        adaptive.TargetQuantile, adaptive.LearningRate),
                    new AdaptiveClippingState(_clipNorm, _rounds));
                var result = clipping.Round(updates, random);
                sum = result.NoisedSum;
                next = result.NextClipNorm;
            }
            else
            {
                sum = new GaussianSumMechanism(_clipNorm, _options.NoiseMultiplier).NoisedSum(updates, random, out _);
            }
        }
        finally
        {
            (random as IDisposable)?.Dispose();
        }
        var mean = new float[sum.Length];
        for (int i = 0; i < sum.Length; i++) mean[i] = (float)(sum[i] / (double)instructed);

        long rounds = _rounds + 1;
        var (rdp, pld) = LedgerFor(q).EpsilonAfter(rounds);
        var state = State(rounds, q, next);
        return new MeanAggregate(mean, Figures(rdp, pld), state);
    }

    public override StageConfig IdleMetrics()
    {
        var (rdp, pld) = _rounds == 0 ? (0.0, 0.0) : LedgerFor(_samplingRate).EpsilonAfter(_rounds);
        return Figures(rdp, pld);
    }

    public override StrategyState SaveState() => _rounds == 0 ? StrategyState.Empty : State(_rounds, _samplingRate, _clipNorm);

    public override void RestoreState(StrategyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsEmpty)
        {
            (_rounds, _samplingRate, _clipNorm) = (0, double.NaN, _options.ClipNorm);
            return;
        }
        var expected = new List<string> { RoundsKey, SamplingRateKey };
        if (_options.AdaptiveClipping is not null) expected.Add(ClipNormKey);
        if (state.Vectors.Count > 0 || !state.Scalars.Keys.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
            throw new ArgumentException($"aggregation '{Name}' keeps {string.Join(", ", expected)}, but the checkpoint holds {state.Describe()}", nameof(state));
        long rounds = state.Scalars.Integer(RoundsKey);
        double q = state.Scalars.Number(SamplingRateKey);
        double clip = _options.AdaptiveClipping is null ? _options.ClipNorm : state.Scalars.Number(ClipNormKey);
        if (rounds < 1) throw new ArgumentException($"'{RoundsKey}' is {rounds}, a saved state has at least one round", nameof(state));
        if (!(q > 0 && q <= 1)) throw new ArgumentException($"'{SamplingRateKey}' is {Show(q)}, must be in (0, 1]", nameof(state));
        if (!(clip > 0) || double.IsInfinity(clip)) throw new ArgumentException($"'{ClipNormKey}' is {Show(clip)}, must be positive and finite", nameof(state));
        (_rounds, _samplingRate, _clipNorm) = (rounds, q, clip);
    }

    /// <summary>The generator of round <paramref name="round"/>'s noise: SplitMix64 of the seed, a tag of its own (so
    /// it is unrelated to the client selection's generator of the same seed and round) and the round.</summary>
    public static Random NoiseSource(long seed, int round)
    {
        ulong z = unchecked(((ulong)seed ^ 0x63656E7472616C64UL) * 0x9E3779B97F4A7C15UL + (ulong)round);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }

    StrategyState State(long rounds, double q, double clip)
    {
        var scalars = StageConfig.Empty.With(RoundsKey, rounds).With(SamplingRateKey, q);
        if (_options.AdaptiveClipping is not null) scalars = scalars.With(ClipNormKey, clip);
        return new StrategyState(scalars, new Dictionary<string, float[]>());
    }

    RoundPrivacyLedger LedgerFor(double q)
    {
        if (_ledger is null || _ledger.SamplingRate != q)
            _ledger = new RoundPrivacyLedger(q, _options.NoiseMultiplier, _options.Delta, _options.PldDiscretization);
        return _ledger;
    }

    static StageConfig Figures(double rdp, double pld) =>
        StageConfig.Empty.With(RoundMetricKeys.EpsilonRdp, rdp).With(RoundMetricKeys.EpsilonPld, pld);

    static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
