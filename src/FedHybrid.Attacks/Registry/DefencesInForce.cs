using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Registry;

/// <summary>
/// The defences a config puts in force, as attack.json records them: the sealing suite (and whether it encrypts),
/// secure aggregation, differential privacy and whether the strategy is a robust rule. An attack may also measure
/// defences the config does not enable (gradient inversion and membership inference try several); its metrics say so.
/// </summary>
public sealed record DefencesInForce(
    string Suite,
    bool Encrypted,
    string Rekey,
    string Signature,
    bool SecureAggregation,
    int? SecureAggregationBits,
    double? SecureAggregationClipRange,
    string Privacy,
    double? PrivacyClipNorm,
    double? NoiseMultiplier,
    double? TargetEpsilon,
    double? Delta,
    string Strategy,
    bool RobustAggregation)
{
    /// <summary>Rules that bound what any one update can do to the model (docs/strategies.md).</summary>
    public static IReadOnlySet<string> RobustStrategies { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "median", "trimmed-mean", "krum", "geometric-median", "norm-bounding" };

    public static DefencesInForce Of(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var secagg = config.SecureAggregation;
        var privacy = config.Privacy;
        bool dp = privacy.Mechanism != PrivacyMechanism.None;
        return new DefencesInForce(
            config.Crypto.Suite, config.Crypto.Suite != Network.EavesdropRunner.PlaintextSuite, config.Crypto.Rekey, config.Crypto.Signature,
            secagg.Enabled, secagg.Enabled ? secagg.Bits : null, secagg.Enabled ? secagg.ClipRange : null,
            PrivacyName(privacy.Mechanism), dp ? privacy.ClipNorm : null, dp ? privacy.NoiseMultiplierInUse() : null, dp ? privacy.TargetEpsilon : null,
            dp ? privacy.Delta : null, config.Strategy.Name, RobustStrategies.Contains(config.Strategy.Name));
    }

    static string PrivacyName(PrivacyMechanism mechanism) => mechanism switch
    {
        PrivacyMechanism.None => "none",
        PrivacyMechanism.CentralDp => "central-dp",
        PrivacyMechanism.DistributedDp => "distributed-dp",
        _ => mechanism.ToString(),
    };
}
