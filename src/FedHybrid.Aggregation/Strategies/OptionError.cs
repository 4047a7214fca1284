namespace FedHybrid.Aggregation.Strategies;

/// <summary>One thing wrong with a strategy's options: <paramref name="Name"/> is the option's JSON
/// name (beta_1), <paramref name="Message"/> what is allowed (must be in [0, 1), got 1). A config
/// loader puts its section path in front (strategy.options.beta_1).</summary>
public sealed record OptionError(string Name, string Message)
{
    public override string ToString() => $"{Name} {Message}";
}
