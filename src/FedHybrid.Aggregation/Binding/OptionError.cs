namespace FedHybrid.Aggregation.Binding;

/// <summary>One thing wrong with bound options: <paramref name="Name"/> is the full JSON path
/// (strategy.options.beta_1; a strategy's own options alone say beta_1), <paramref name="Message"/>
/// what is allowed (must be in [0, 1), got 1).</summary>
public sealed record OptionError(string Name, string Message)
{
    public override string ToString() => $"{Name} {Message}";
}
