using System.Globalization;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>
/// What a run's distributed DP has spent: how many adopted rounds had each number of noise shares in their sum, at one
/// sampling rate. Epsilon is recomputed from these counts (ascending share count) by a fresh <see cref="RdpAccountant"/>,
/// so a resumed run reports what an uninterrupted one does, to the bit. The ledger is immutable: <see cref="Charge"/>
/// gives the ledger after one more round, which the strategy keeps only if it adopts that round.
/// <para>Only the RDP accountant speaks for these mechanisms: no privacy-loss distribution is known for a sum of discrete
/// Gaussians or Skellams in d dimensions under an L2 bound (the papers account by RDP alone), so <c>epsilon_pld</c>
/// stays empty for distributed DP (docs/privacy.md).</para>
/// </summary>
public sealed class DistributedDpLedger
{
    /// <summary>The prefix of its checkpoint state.</summary>
    public const string StatePrefix = "distributed-dp.";

    const string SamplingRateKey = StatePrefix + "sampling_rate";
    const string RoundsWithPrefix = StatePrefix + "rounds_with_shares_";

    readonly SortedDictionary<int, long> _rounds;
    readonly double _samplingRate;

    public DistributedDpLedger(DistributedDpMechanism mechanism)
        : this(mechanism, new SortedDictionary<int, long>(), double.NaN) { }

    DistributedDpLedger(DistributedDpMechanism mechanism, SortedDictionary<int, long> rounds, double samplingRate)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        Mechanism = mechanism;
        _rounds = rounds;
        _samplingRate = samplingRate;
    }

    public DistributedDpMechanism Mechanism { get; }

    /// <summary>Adopted rounds charged so far.</summary>
    public long Rounds => _rounds.Values.Sum();

    /// <summary>The ledger after one more round with <paramref name="noiseShares"/> clients' noise in the sum, the cohort
    /// sampled at <paramref name="q"/>.</summary>
    /// <exception cref="InvalidOperationException">The rate differs from the rounds charged before.</exception>
    public DistributedDpLedger Charge(int noiseShares, double q)
    {
        Mechanism.OneRoundRdp(noiseShares, q); // validates both
        if (Rounds > 0 && q != _samplingRate)
            throw new InvalidOperationException($"this round samples at q = {Show(q)}, but the {Rounds} round(s) charged so far had q = {Show(_samplingRate)}: distributed DP charges one sampling rate for the whole run");
        var rounds = new SortedDictionary<int, long>(_rounds);
        rounds[noiseShares] = rounds.GetValueOrDefault(noiseShares) + 1;
        return new DistributedDpLedger(Mechanism, rounds, q);
    }

    /// <summary>ε at the configured δ by the RDP accountant (0 before the first round).</summary>
    public double Epsilon()
    {
        if (Rounds == 0) return 0;
        var accountant = new RdpAccountant(RdpOrders.Integer);
        foreach (var (shares, count) in _rounds)
            accountant.ComposeRdp(Mechanism.OneRoundRdp(shares, _samplingRate), count);
        return accountant.Epsilon(Mechanism.Settings.Delta).Epsilon;
    }

    /// <summary>The figures for metrics.csv: epsilon_rdp, and no PLD figure (see the class remarks).</summary>
    public StageConfig Figures() => StageConfig.Empty.With(RoundMetricKeys.EpsilonRdp, Epsilon());

    public StrategyState SaveState()
    {
        if (Rounds == 0) return StrategyState.Empty;
        var scalars = StageConfig.Empty.With(SamplingRateKey, _samplingRate);
        foreach (var (shares, count) in _rounds)
            scalars = scalars.With(RoundsWithPrefix + shares.ToString(CultureInfo.InvariantCulture), count);
        return new StrategyState(scalars, new Dictionary<string, float[]>());
    }

    /// <summary>The ledger <paramref name="state"/> describes (<see cref="StrategyState.Empty"/>: nothing spent).</summary>
    /// <exception cref="ArgumentException">The state is not one <see cref="SaveState"/> writes.</exception>
    public DistributedDpLedger Restore(StrategyState state)
    {
        var (rounds, q) = Parse(state);
        return new DistributedDpLedger(Mechanism, rounds, q);
    }

    /// <summary>Checks that <paramref name="state"/> is one <see cref="SaveState"/> writes, before the model (and so the
    /// mechanism) is known.</summary>
    /// <exception cref="ArgumentException">It is not; the message names what is wrong.</exception>
    public static void Validate(StrategyState state) => Parse(state);

    static (SortedDictionary<int, long> Rounds, double SamplingRate) Parse(StrategyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var rounds = new SortedDictionary<int, long>();
        if (state.IsEmpty) return (rounds, double.NaN);
        if (state.Vectors.Count > 0 || !state.Scalars.ContainsKey(SamplingRateKey))
            throw new ArgumentException($"distributed DP keeps '{SamplingRateKey}' and '{RoundsWithPrefix}<n>' counts, but the checkpoint holds {state.Describe()}", nameof(state));
        double q = state.Scalars.Number(SamplingRateKey);
        if (!(q > 0 && q <= 1)) throw new ArgumentException($"'{SamplingRateKey}' is {Show(q)}, must be in (0, 1]", nameof(state));
        foreach (var key in state.Scalars.Keys.Where(k => k != SamplingRateKey))
        {
            if (!key.StartsWith(RoundsWithPrefix, StringComparison.Ordinal)
                || !int.TryParse(key.AsSpan(RoundsWithPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int shares) || shares < 1)
                throw new ArgumentException($"'{key}' is not a distributed-DP state name", nameof(state));
            long count = state.Scalars.Integer(key);
            if (count < 1) throw new ArgumentException($"'{key}' is {count}, must be at least 1", nameof(state));
            rounds[shares] = count;
        }
        if (rounds.Count == 0) throw new ArgumentException("the distributed-DP state charges no round", nameof(state));
        return (rounds, q);
    }

    static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
