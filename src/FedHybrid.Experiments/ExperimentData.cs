using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Data;

namespace FedHybrid.Experiments;

/// <summary>The Fashion-MNIST a config's <c>data.source</c> names: the bundled subset, a directory, or (<c>auto</c>) the
/// command line's <c>--data</c> and the usual search path.</summary>
public static class ExperimentData
{
    public static DataSource Resolve(ExperimentConfig config, string? commandLineDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (dataDirectory, givenBy) = config.Data.Source switch
        {
            "auto" => (commandLineDirectory, FashionMnist.CommandLineOption),
            "bundled" => (Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset"), "\"data\": { \"source\": \"bundled\" } in the config"),
            var directory => (directory, "data.source in the config"),
        };
        return FashionMnist.Resolve(dataDirectory, givenBy);
    }

    public static Task<FashionMnistData> LoadAsync(ExperimentConfig config, string? commandLineDirectory, CancellationToken cancellationToken) =>
        FashionMnist.LoadAsync(Resolve(config, commandLineDirectory), cancellationToken);
}
