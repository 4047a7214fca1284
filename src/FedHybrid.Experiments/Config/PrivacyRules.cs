using System.Globalization;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Experiments.Config;

/// <summary>The rules of the privacy section that DataAnnotations do not express: which values go with which
/// mechanism, δ against the population, the strategy that must take the aggregation, and adaptive clipping's noise split.</summary>
static class PrivacyRules
{
    /// <param name="c">The config.</param>
    /// <param name="clients">run.clients is valid, so rules against it may be checked.</param>
    /// <param name="strategy">The strategy's name and options are valid, so it can be made.</param>
    /// <param name="failed">Paths already reported: a section with a value reported is not checked further.</param>
    public static IEnumerable<OptionError> Check(ExperimentConfig c, bool clients, bool strategy, IReadOnlySet<string> failed)
    {
        var p = c.Privacy;
        if (failed.Any(f => f == "privacy" || f.StartsWith("privacy.", StringComparison.Ordinal)))
            yield break;
        if (p.Mechanism == PrivacyMechanism.None)
        {
            foreach (var (name, given) in new[] { ("noise_multiplier", p.NoiseMultiplier is not null), ("target_epsilon", p.TargetEpsilon is not null),
                         ("calibrated_noise_multiplier", p.CalibratedNoiseMultiplier is not null), ("adaptive_clipping", p.AdaptiveClipping is not null),
                         ("distribution", p.Distribution is not null) })
                if (given)
                    yield return new($"privacy.{name}", "is only used with a privacy.mechanism; it is \"none\"");
            yield break;
        }
        if (clients && p.Delta >= 1.0 / c.Run.Clients && p.Delta < 1)
            yield return new("privacy.delta", $"must be below 1/run.clients = {Show(1.0 / c.Run.Clients)}, got {Show(p.Delta)}: at delta 1/n a mechanism may publish one client's update in the clear");
        if (p.Mechanism == PrivacyMechanism.DistributedDp)
        {
            foreach (var problem in DistributedDpRules(c, strategy))
                yield return problem;
            yield break;
        }
        if (p.Distribution is not null)
            yield return new("privacy.distribution", "is distributed-dp's noise; central-dp adds Gaussian noise at the coordinator");

        foreach (var problem in NoiseRules(p, "central-dp"))
            yield return problem;

        if (strategy && StrategyRefusal(c) is { } refusal)
            yield return new("privacy.mechanism", refusal);
        if (clients && strategy && CountNoiseProblem(c) is { } count)
            yield return count;
    }

    /// <summary>Both mechanisms take exactly one of a noise multiplier and a target epsilon to calibrate it for; the
    /// calibrated multiplier is the run's to write.</summary>
    static IEnumerable<OptionError> NoiseRules(PrivacySection p, string mechanism)
    {
        if (p.NoiseMultiplier is not null && p.TargetEpsilon is not null)
            yield return new("privacy.noise_multiplier", "and privacy.target_epsilon are both given; give exactly one (a noise multiplier, or the epsilon to calibrate it for)");
        else if (p.NoiseMultiplier is null && p.TargetEpsilon is null)
            yield return new("privacy.noise_multiplier", $"or privacy.target_epsilon is required with {mechanism} (a noise multiplier, or the epsilon to calibrate it for); neither is given");
        if (p.CalibratedNoiseMultiplier is not null && p.TargetEpsilon is null)
            yield return new("privacy.calibrated_noise_multiplier", "is written by a run calibrated for privacy.target_epsilon, which is not given; leave it out");
    }

    /// <summary>distributed-dp's rules: secure aggregation on, a noise multiplier or a target epsilon, fixed clipping, no quantization of secure aggregation's own, δ below 1/n.</summary>
    static IEnumerable<OptionError> DistributedDpRules(ExperimentConfig c, bool strategy)
    {
        var p = c.Privacy;
        if (!c.SecureAggregation.Enabled)
            yield return new("privacy.mechanism", "distributed-dp adds each client's noise before its update is masked, so it needs secure_aggregation.enabled true; without it, use central-dp");
        foreach (var problem in NoiseRules(p, "distributed-dp"))
            yield return problem;
        if (p.AdaptiveClipping is not null)
            yield return new("privacy.adaptive_clipping", "is central-dp's; distributed-dp clips each update to a fixed privacy.clip_norm at the client");
        if (c.SecureAggregation.Levels is not null)
            yield return new("secure_aggregation.levels", "is not used with distributed-dp, which rounds each value to its own granularity in Z_(2^bits); leave it out");
        if (c.SecureAggregation.Bits < 2)
            yield return new("secure_aggregation.bits", $"must be at least 2 for distributed-dp, got {c.SecureAggregation.Bits}");
        if (strategy && Made(c) is MeanDeltaStrategy { UpdateNormBound: not null })
            yield return new("strategy.name", $"'{c.Strategy.Name}' clips each update to its own bound, which distributed-dp's privacy.clip_norm replaces; use fedavg with distributed-dp");
    }

    /// <summary>Why the strategy cannot take central DP's mean (FitStrategy.AggregationRefusal), or null; null too when
    /// it cannot be made at all, which the strategy's own rules report.</summary>
    static string? StrategyRefusal(ExperimentConfig c)
    {
        if (Made(c) is not { } made)
            return null;
        var aggregation = new CentralDpAggregation(new CentralDpOptions(1, 1, 1e-5, c.Run.Seed));
        return made is not FitStrategy fit ? $"central-dp needs a fit strategy, and '{c.Strategy.Name}' is not one"
            : fit.AggregationRefusal(aggregation) is { } refusal ? $"central-dp cannot be used here: {refusal}"
            : null;
    }

    /// <summary>The strategy the config names, made with any valid training settings (the refusals depend on the strategy
    /// and its options alone), or null when it cannot be made, which the strategy's own rules report.</summary>
    static Strategy? Made(ExperimentConfig c)
    {
        try
        {
            return StrategyRegistry.Find(c.Strategy.Name).Create(c.Strategy.Options, new FitSettings(1, 1, 0.1, 0, 0, c.Run.Seed));
        }
        catch (Exception e) when (e is ArgumentException or StrategyOptionsException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Adaptive clipping spends part of σ on the clipped count: σ_b must exceed σ/2 (known once σ is).</summary>
    public static OptionError? CountNoiseProblem(ExperimentConfig c)
    {
        var p = c.Privacy;
        if (p.Mechanism != PrivacyMechanism.CentralDp || p.AdaptiveClipping is not { } adaptive || p.NoiseMultiplierInUse() is not { } sigma)
            return null;
        int cohort = PrivacySetup.Cohort(c);
        double stddev = adaptive.ClippedCountStddev ?? cohort / 20.0;
        if (2 * stddev > sigma)
            return null;
        string given = adaptive.ClippedCountStddev is null ? $"the paper's default m/20 = {Show(stddev)} for a cohort of m = {cohort}" : $"{Show(stddev)}";
        return new("privacy.adaptive_clipping.clipped_count_stddev",
            $"must exceed noise multiplier/2 = {Show(sigma / 2)} (the count query would use up the whole noise budget), got {given}");
    }

    static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
