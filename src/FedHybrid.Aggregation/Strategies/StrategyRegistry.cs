namespace FedHybrid.Aggregation.Strategies;

/// <summary>Every strategy by name. A new strategy is its file, its options record and one line here;
/// the config loader and the engine find it by the name in <c>strategy.name</c>.</summary>
public static class StrategyRegistry
{
    static readonly StrategyDescriptor[] Registered =
    [
        StrategyDescriptor.Of<FedAvgOptions>("fedavg", (o, s) => new FedAvg(o, s)),
        StrategyDescriptor.Of<FedAvgMOptions>("fedavgm", (o, s) => new FedAvgM(o, s)),
        StrategyDescriptor.Of<FedProxOptions>("fedprox", (o, s) => new FedProx(o, s)),
        StrategyDescriptor.Of<FedAdagradOptions>("fedadagrad", (o, s) => new FedAdagrad(o, s)),
        StrategyDescriptor.Of<FedAdamOptions>("fedadam", (o, s) => new FedAdam(o, s)),
        StrategyDescriptor.Of<FedYogiOptions>("fedyogi", (o, s) => new FedYogi(o, s)),
        StrategyDescriptor.Of<ScaffoldOptions>("scaffold", (o, s) => new Scaffold(o, s)),
        StrategyDescriptor.Of<FedNovaOptions>("fednova", (o, s) => new FedNova(o, s)),
        StrategyDescriptor.Of<CoordinateMedianOptions>("median", (o, s) => new CoordinateMedian(o, s),
            "the coordinate-wise median needs each client's value of every coordinate; a masked sum has only their total"),
        StrategyDescriptor.Of<TrimmedMeanOptions>("trimmed-mean", (o, s) => new TrimmedMean(o, s),
            "the trimmed mean ranks each client's value of every coordinate; a masked sum has only their total"),
        StrategyDescriptor.Of<KrumOptions>("krum", (o, s) => new Krum(o, s),
            "krum scores each update by its distances to the others; a masked sum hides every update"),
        StrategyDescriptor.Of<GeometricMedianOptions>("geometric-median", (o, s) => new GeometricMedian(o, s),
            "this geometric median reweights each update by its distance to the estimate, which a masked sum hides (RFA's secure form, one masked average per Weiszfeld step, is not built)"),
        StrategyDescriptor.Of<NormBoundingOptions>("norm-bounding", (o, s) => new NormBounding(o, s)),
    ];

    public static IReadOnlyList<StrategyDescriptor> All => Registered;

    public static IEnumerable<string> Names => Registered.Select(d => d.Name);

    /// <summary>The strategy called <paramref name="name"/> (exactly, lower case).</summary>
    public static StrategyDescriptor Find(string name) =>
        Registered.FirstOrDefault(d => d.Name == name) ?? throw new UnknownStrategyException(name, Names);
}
