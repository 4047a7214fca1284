using System.Text.Json;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Tests;

/// <summary>A run folder as a run leaves it, written with the engine's own records and writers (so it
/// follows their columns): 5 rounds, 3 clients, client-02 rejected in round 2, client-03 missing in round 4.</summary>
static class FabricatedRun
{
    public static string Write(string root, double learningRate, bool epsilon, bool finished = true)
    {
        var layout = new RunLayout(root);
        Directory.CreateDirectory(layout.Root);
        var name = Path.GetFileName(root);
        var config = ExperimentConfigLoader.Parse($$"""{ "run": { "name": "{{name}}" }, "training": { "learning_rate": {{learningRate}} } }""");
        File.WriteAllText(layout.Config, ExperimentConfigLoader.ToJson(config));
        var rounds = Enumerable.Range(1, 5).Select(r => new RoundMetrics(r, "fit", 3, 3, 3, 0, 0, true, "", "", "", 1.0 / r, 0.5 + learningRate * r,
            double.NaN, double.NaN, 1, 20, 30, 400 * learningRate * 10, 5, 6, 70, 8, 90, 800, 3_000_000, 2_900_000, "h",
            EpsilonRdp: epsilon ? 0.5 * r : double.NaN, EpsilonPld: epsilon ? 0.4 * r : double.NaN)).ToArray();
        CsvTable.WriteAtomically(layout.Metrics, rounds);
        var clients = rounds.SelectMany(r => new[] { "client-01", "client-02", "client-03" }.Select(c =>
            new ClientRoundRecord(r.Round, "fit", c, (c, r.Round) switch { ("client-02", 2) => "rejected", ("client-03", 4) => "missing", _ => "accepted" },
                c == "client-02" && r.Round == 2 ? "norm_bound" : "", "", 100, 0.5, 0, 1, 2, 3, 4, 5, 6, 1000, 900))).ToArray();
        CsvTable.WriteAtomically(layout.Clients, clients);
        if (finished)
        {
            var summary = new RunSummary(name + "-42", "cnn", "hpke", 5, 5, 0, 0.1, rounds[^1].TestAccuracy, rounds[^1].TestLoss, rounds.Max(r => r.TestAccuracy),
                15, 1, new Dictionary<string, int> { ["norm_bound"] = 1 }, "00", "final-model.sealed", 4.0);
            File.WriteAllText(layout.Summary, JsonSerializer.Serialize(summary, RunFileNaming.Json));
        }
        return layout.Root;
    }
}
