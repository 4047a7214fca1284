using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Data;

namespace FedHybrid.Experiments.Tests;

public sealed class SimulationDataTests
{
    /// <summary>A data directory from the config is not reported as if it had been given with --data.</summary>
    [Fact]
    public async Task AMissingDataDirectoryFromTheConfigIsReportedAsTheConfigs()
    {
        using var runs = new TempDirectory();
        var missing = runs.Sub("no-such-data");
        var runner = new SimulationRunner(new ExperimentConfig { Run = new RunSection { Name = "data-origin" }, Data = new DataSection { Source = missing } }, new SimulationOptions { RunsDirectory = runs.Path });
        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => runner.RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"The data directory given with data.source in the config ({missing}) does not exist.", error.Message);
    }
}
