namespace FedHybrid.Experiments.Config;

/// <summary>
/// One experiment, as read from a JSON config in sections (snake_case keys; see experiments/configs).
/// Only <c>run.name</c> must be given; everything else has a default, and the run writes the complete
/// config, every default and every strategy option included, to runs/&lt;name&gt;/config.json.
/// </summary>
public sealed record ExperimentConfig
{
    public required RunSection Run { get; init; }
    public DataSection Data { get; init; } = new();
    public ModelSection Model { get; init; } = new();
    public TrainingSection Training { get; init; } = new();
    public StrategySection Strategy { get; init; } = new();
    public CryptoSection Crypto { get; init; } = new();
    public ScheduleSection Schedule { get; init; } = new();
    public SecureAggregationSection SecureAggregation { get; init; } = new();
    /// <summary>Differential privacy: none, or central DP-FedAvg (docs/privacy.md).</summary>
    public PrivacySection Privacy { get; init; } = new();
    /// <summary>Test and attack only.</summary>
    public AttackSection Attack { get; init; } = new();
}
