namespace FedHybrid.IntegrationTests;

/// <summary>One uninterrupted honest run with the default suite, started through run-sim.sh, that
/// the other tests compare against (same seed, same final model expected).</summary>
public sealed class BaselineRunFixture : IAsyncLifetime
{
    public string Scratch { get; private set; } = "";
    public string RunDirectory => Path.Combine(Scratch, "runs", "baseline");
    public int ExitCode { get; private set; }
    public string Output { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("baseline"));
        Scratch = scratch;
        var info = FedHybridCli.StartInfo("/bin/sh", [RunSimScript, "--config", config, "--runs", Path.Combine(scratch, "runs")], scratch);
        info.Environment["FEDHYBRID"] = FedHybridCli.Executable;
        (ExitCode, Output) = await FedHybridCli.RunAsync(info);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    public static string RunSimScript => Path.Combine(RepositoryRoot(), "run-sim.sh");

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "run-sim.sh")))
                return directory.FullName;
        throw new InvalidOperationException("run-sim.sh not found above the test directory");
    }
}
