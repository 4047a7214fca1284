using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Data;

namespace FedHybrid.Attacks.Registry;

/// <summary>The dataset a config names, found the way `simulate` finds it (bundled subset, a directory, or "auto"
/// with --data), for attacks that train in memory.</summary>
public static class AttackData
{
    public static Task<FashionMnistData> LoadAsync(ExperimentConfig config, string? dataDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (directory, givenBy) = config.Data.Source switch
        {
            "auto" => (dataDirectory, FashionMnist.CommandLineOption),
            "bundled" => (Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset"), "\"data\": { \"source\": \"bundled\" } in the config"),
            var given => (given, "data.source in the config"),
        };
        return FashionMnist.LoadAsync(FashionMnist.Resolve(directory, givenBy), cancellationToken);
    }
}
