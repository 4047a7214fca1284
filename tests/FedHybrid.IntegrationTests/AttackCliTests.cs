using System.Text.Json;

namespace FedHybrid.IntegrationTests;

/// <summary>`fedhybrid attack` as a process: exit 2 for an unknown attack (naming the valid ones), an unknown option under
/// attack.options (by its full path) and an occupied folder; gradient-inversion on a tiny mlp2nn config writes attack.json
/// and attack.md, and --overwrite replaces them.</summary>
public sealed class AttackCliTests
{
    static Task<(int ExitCode, string Output)> Attack(string scratch, params string[] arguments) =>
        FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, ["attack", .. arguments], scratch));

    static (string Scratch, string Config) Tiny(string name, object options) => FedHybridCli.Scratch(FedHybridCli.Config(name, new Dictionary<string, object>
    {
        ["attack.options"] = options,
    }));

    [Fact]
    public async Task AnUnknownAttackExits2_NamingTheValidOnes()
    {
        var (scratch, config) = Tiny("unknown", new Dictionary<string, object>());
        try
        {
            var (code, output) = await Attack(scratch, "invert", "--config", config);
            Assert.Equal(2, code);
            Assert.Contains("'invert' is unknown (valid: eavesdrop, tamper, gradient-inversion, membership-inference, poisoning)", output);
            Assert.False(Directory.Exists(Path.Combine(scratch, "runs")));

            (code, output) = await Attack(scratch, "--list");
            Assert.Equal(0, code);
            foreach (var name in new[] { "eavesdrop", "tamper", "gradient-inversion", "membership-inference", "poisoning" })
                Assert.Contains($"{name}: ", output);
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    [Fact]
    public async Task AnUnknownOptionExits2_NamingItsFullPath()
    {
        var (scratch, config) = Tiny("bad-option", new Dictionary<string, object> { ["iterations"] = 5, ["iteration_count"] = 5 });
        try
        {
            var (code, output) = await Attack(scratch, "gradient-inversion", "--config", config, "--runs", Path.Combine(scratch, "runs"));
            Assert.Equal(2, code);
            Assert.Contains("attack.options.iteration_count is not an option", output);
            Assert.False(Directory.Exists(Path.Combine(scratch, "runs", "bad-option")));
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    [Fact]
    public async Task GradientInversionWritesItsRecord_ASecondRunIsRefused_AndOverwriteReplacesIt()
    {
        var (scratch, config) = Tiny("inversion", new Dictionary<string, object> { ["batch_sizes"] = new[] { 1 }, ["iterations"] = 5 });
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var folder = Path.Combine(runs, "inversion");
            var (code, output) = await Attack(scratch, "gradient-inversion", "--config", config, "--runs", runs, "--quiet");
            Assert.True(code == 0, output);
            Assert.Contains($"results in {Path.Combine(folder, "attack.md")}", output);

            using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "attack.json"))))
            {
                var root = record.RootElement;
                Assert.Equal("gradient-inversion", root.GetProperty("attack").GetString());
                Assert.Equal(5, root.GetProperty("parameters").GetProperty("iterations").GetInt32());
                Assert.Equal("dlg", root.GetProperty("parameters").GetProperty("method").GetString());
                Assert.Equal("hpke-x25519-aes256gcm", root.GetProperty("defences").GetProperty("suite").GetString());
                Assert.False(root.GetProperty("defences").GetProperty("secure_aggregation").GetBoolean());
                var result = Assert.Single(root.GetProperty("metrics").GetProperty("results").EnumerateArray());
                Assert.Equal("victim-update", result.GetProperty("view").GetString());
                Assert.Equal(1, result.GetProperty("batch_size").GetInt32());
                Assert.Contains(root.GetProperty("headline").GetString()!, output);
                var image = Assert.Single(root.GetProperty("images").EnumerateArray()).GetString()!;
                Assert.True(File.Exists(Path.Combine(folder, image)), image);
            }
            var markdown = File.ReadAllText(Path.Combine(folder, "attack.md"));
            Assert.StartsWith("# Attack `gradient-inversion`: inversion", markdown);
            Assert.Contains("| batch | what the coordinator inverts |", markdown);

            (code, output) = await Attack(scratch, "gradient-inversion", "--config", config, "--runs", runs);
            Assert.Equal(2, code);
            Assert.Contains("give --overwrite to replace it", output);

            File.WriteAllText(Path.Combine(folder, "left-over.txt"), "from before");
            (code, output) = await Attack(scratch, "gradient-inversion", "--config", config, "--runs", runs, "--overwrite", "--quiet");
            Assert.True(code == 0, output);
            Assert.False(File.Exists(Path.Combine(folder, "left-over.txt")));
            Assert.True(File.Exists(Path.Combine(folder, "attack.json")));
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }
}
