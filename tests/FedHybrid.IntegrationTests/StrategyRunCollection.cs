namespace FedHybrid.IntegrationTests;

/// <summary>The strategy runs go one after another and alone: each starts a coordinator and client
/// processes, which two cores cannot share with the other collections' runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StrategyRunCollection
{
    public const string Name = "strategy runs";
}
