using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedHybrid.IntegrationTests;

/// <summary>Runs the built `fedhybrid` (copied into the test output by the project reference) as a
/// real OS process, and reads what a run wrote.</summary>
static class FedHybridCli
{
    public static string Directory => AppContext.BaseDirectory;

    public static string Executable => Path.Combine(Directory, OperatingSystem.IsWindows() ? "fedhybrid.exe" : "fedhybrid");

    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        return info;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo info)
    {
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        process.WaitForExit(); // flush the output handlers
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    public static Task<(int ExitCode, string Output)> SimulateAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(StartInfo(Executable, ["simulate", .. arguments], workingDirectory));

    /// <summary>A fresh, empty scratch directory.</summary>
    public static string ScratchDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fedhybrid-it-" + Guid.NewGuid().ToString("n")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes a scratch directory; one a process still holds open is left for the OS to clean.</summary>
    public static void DeleteScratch(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A fresh scratch directory with a config file written from <paramref name="json"/>.</summary>
    public static (string Directory, string Config) Scratch(string json)
    {
        var directory = ScratchDirectory();
        var config = Path.Combine(directory, "config.json");
        File.WriteAllText(config, json);
        return (directory, config);
    }

    public static JsonElement Summary(string runDirectory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "summary.json"))).RootElement;

    /// <summary>The fit stage's clients.csv rows as (round, client, status, reason).</summary>
    public static IReadOnlyList<(int Round, string Client, string Status, string Reason)> ClientRows(string runDirectory) =>
        Table(runDirectory, "clients.csv").Where(r => r["stage"] == "fit")
            .Select(r => (int.Parse(r["round"], System.Globalization.CultureInfo.InvariantCulture), r["client_id"], r["status"], r["reason"]))
            .ToArray();

    /// <summary>A run's CSV table as rows of column name -> field (the tables quote no field these tests read).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Table(string runDirectory, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(runDirectory, file));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => (IReadOnlyDictionary<string, string>)header.Zip(line.Split(','))
            .ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToArray();
    }

    /// <summary>The base config of these tests: mlp2nn on the bundled subset, 3 clients, 3 rounds;
    /// <paramref name="overrides"/> replace or add values by their path (training.learning_rate).</summary>
    public static string Config(string name, IReadOnlyDictionary<string, object>? overrides = null)
    {
        var config = new JsonObject
        {
            ["run"] = new JsonObject { ["name"] = name, ["seed"] = 7, ["clients"] = 3, ["rounds"] = 3, ["round_deadline_seconds"] = 300 },
            ["data"] = new JsonObject { ["source"] = "bundled", ["partition"] = "iid" },
            ["model"] = new JsonObject { ["name"] = "mlp2nn" },
            ["training"] = new JsonObject { ["local_epochs"] = 1, ["batch_size"] = 32, ["learning_rate"] = 0.05, ["momentum"] = 0.5 },
        };
        foreach (var (path, value) in overrides ?? new Dictionary<string, object>())
        {
            var names = path.Split('.');
            var section = config;
            foreach (var part in names[..^1])
                section = (JsonObject)(section[part] ??= new JsonObject());
            section[names[^1]] = JsonSerializer.SerializeToNode(value);
        }
        return "// integration test config\n" + config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
