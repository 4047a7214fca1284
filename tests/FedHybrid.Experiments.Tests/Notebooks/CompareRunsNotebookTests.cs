using System.Diagnostics;
using System.Text.Json;

namespace FedHybrid.Experiments.Tests.Notebooks;

/// <summary>experiments/notebooks/compare-runs.ipynb executed headless by Debian's jupyter-nbconvert and
/// Python (/usr/bin/python3, not whichever python3 is first on PATH) against run folders this test writes,
/// so the notebook never goes stale against the run files. Skips, saying why, where they are absent.</summary>
public sealed class CompareRunsNotebookTests : IDisposable
{
    const string NbConvert = "/usr/bin/jupyter-nbconvert", Python = "/usr/bin/python3";
    readonly TempDirectory _temp = new();

    public CompareRunsNotebookTests() => Directory.CreateDirectory(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheNotebookRunsHeadlessAgainstASweepsRuns_AndComparesThem()
    {
        if (!File.Exists(NbConvert))
            Assert.Skip($"{NbConvert} is absent: install the Debian package jupyter-nbconvert (and python3-ipykernel) to execute the notebook");
        var (modules, missing) = await RunAsync(Python, ["-c", "import pandas, matplotlib, ipykernel"], _temp.Path, []);
        if (modules != 0)
            Assert.Skip($"{Python} cannot import pandas, matplotlib and ipykernel ({missing.Trim().Split('\n')[^1]}): install python3-pandas python3-matplotlib python3-ipykernel");

        var sweep = _temp.Sub("sweep");
        FabricatedRun.Write(Path.Combine(sweep, "lr-0.05"), 0.05, epsilon: false);
        FabricatedRun.Write(Path.Combine(sweep, "lr-0.1"), 0.1, epsilon: true, finished: false);
        var output = _temp.Sub("out");
        var (code, log) = await RunAsync(NbConvert, ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=-1", "--output-dir", output, Notebook()],
            _temp.Path, new() { ["FEDHYBRID_RUNS"] = sweep });
        Assert.True(code == 0, log);

        using var executed = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "compare-runs.ipynb")));
        var outputs = executed.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .SelectMany(c => c.GetProperty("outputs").EnumerateArray()).ToArray();
        Assert.DoesNotContain(outputs, o => o.GetProperty("output_type").GetString() == "error");
        var text = string.Concat(outputs.Select(Text));
        Assert.Contains("2 runs: lr-0.05, lr-0.1", text);
        Assert.Contains("training.learning_rate", text); // the one setting that differs
        Assert.Contains("norm_bound", text); // client-02's rejection, by reason
        Assert.DoesNotContain("No run records epsilon", text); // lr-0.1 has epsilon
        // accuracy and loss, phases, bytes, epsilon
        Assert.Equal(4, outputs.Count(o => o.TryGetProperty("data", out var data) && data.TryGetProperty("image/png", out _)));
    }

    static string Text(JsonElement output)
    {
        static string Lines(JsonElement e) => e.ValueKind == JsonValueKind.Array ? string.Concat(e.EnumerateArray().Select(l => l.GetString())) : e.GetString() ?? "";
        if (output.TryGetProperty("text", out var text))
            return Lines(text);
        return output.TryGetProperty("data", out var data) && data.TryGetProperty("text/plain", out var plain) ? Lines(plain) : "";
    }

    /// <summary>The notebook in this source tree (found upwards from the test binaries).</summary>
    static string Notebook()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var notebook = Path.Combine(directory.FullName, "experiments", "notebooks", "compare-runs.ipynb");
            if (File.Exists(notebook))
                return notebook;
        }
        throw new FileNotFoundException($"experiments/notebooks/compare-runs.ipynb not found above {AppContext.BaseDirectory}");
    }

    static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, string directory, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
