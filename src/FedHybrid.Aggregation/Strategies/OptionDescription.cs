namespace FedHybrid.Aggregation.Strategies;

/// <summary>One option as the docs list it: JSON name, default, what is allowed (in [0, 1), &gt; 0), and
/// whether every strategy of the family shares it (<see cref="FitOptions"/>).</summary>
public sealed record OptionDescription(string Name, string Default, string Allowed, bool Shared);
