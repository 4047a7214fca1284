namespace FedHybrid.Aggregation.Stages;

/// <summary>What a <see cref="ConfigValue"/> holds.</summary>
public enum ConfigValueKind
{
    Boolean,
    Integer,
    Number,
    Text,
}
