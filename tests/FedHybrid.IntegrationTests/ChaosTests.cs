using System.Globalization;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Security;

namespace FedHybrid.IntegrationTests;

/// <summary>Faults on purpose (issue 10, item 9): a seeded schedule kills clients and the coordinator
/// at random points while a proxy delays and closes connections; the supervisor restarts clients and
/// resumes the coordinator. The run must finish with every round's outputs exactly once and the model
/// of the uninterrupted baseline run (same config, every client in every round).
/// FEDHYBRID_CHAOS_SEEDS ("1-20" or "3,5,8") replaces the CI seeds; FEDHYBRID_CHAOS_LOG names a file
/// that gets one line per seed (experiments/chaos/run-chaos.sh uses both).</summary>
[Collection(BaselineCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChaosTests
{
    static readonly int[] CiSeeds = [1, 2, 3];
    readonly BaselineRunFixture _baseline;

    public ChaosTests(BaselineRunFixture baseline) => _baseline = baseline;

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        foreach (var seed in Environment.GetEnvironmentVariable("FEDHYBRID_CHAOS_SEEDS") is { Length: > 0 } spec ? Parse(spec) : CiSeeds)
            data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task UnderKillsDelaysAndDrops_TheRunFinishesWithEveryRoundOnceAndTheUninterruptedModel(int seed)
    {
        Assert.True(_baseline.ExitCode == 0, _baseline.Output);
        var baseline = FedHybridCli.Summary(_baseline.RunDirectory);
        // The reference must itself have had every client in every round.
        Assert.Equal(9, baseline.GetProperty("updates_accepted").GetInt32());
        var output = TestContext.Current.TestOutputHelper!;
        var chaos = new ChaosRun(seed, $"chaos-{seed}", clients: 3, rounds: 3, output.WriteLine);
        output.WriteLine(chaos.Describe());
        string verdict = "failed";
        try
        {
            var code = await chaos.RunAsync();
            Assert.True(code == 0, $"the coordinator's last run ended with {code}\n{chaos.History}");
            AssertEveryRoundOnce(chaos);
            Assert.Equal(baseline.GetProperty("final_model_sha256").GetString(),
                FedHybridCli.Summary(chaos.RunDirectory).GetProperty("final_model_sha256").GetString());
            // Every kind of fault happened, so the run above did not pass by luck of a quiet schedule.
            Assert.Contains(chaos.Injected, f => f.Client is null);
            Assert.Contains(chaos.Injected, f => f.Client is not null);
            Assert.True(chaos.Drops > 0 && chaos.Delays > 0, $"the proxy closed {chaos.Drops} connections and delayed {chaos.Delays} chunks");
            // A client whose connection breaks backs off and rejoins; none may die of it (they once did, of an IOException).
            Assert.True(chaos.ClientCrashes == 0, $"{chaos.ClientCrashes} client processes died by themselves\n{chaos.History}");
            verdict = "passed";
        }
        finally
        {
            var line = $"seed {seed}: {verdict}; survived {chaos.Injected.Count(f => f.Client is not null)} client kills, "
                + $"{chaos.Injected.Count(f => f.Client is null)} coordinator kills, {chaos.Drops} connection closes, {chaos.Delays} delays "
                + $"({chaos.ClientRestarts} client restarts, {chaos.CoordinatorResumes} resumes; {chaos.ClientCrashes} clients died by themselves with status 1)";
            output.WriteLine(line);
            if (Environment.GetEnvironmentVariable("FEDHYBRID_CHAOS_LOG") is { Length: > 0 } log)
                File.AppendAllText(log, line + Environment.NewLine);
            if (verdict == "passed")
                chaos.DeleteScratch();
            else
                output.WriteLine($"run folder kept: {chaos.RunDirectory}");
        }
    }

    /// <summary>metrics.csv has rounds 1..R once each in order, clients.csv every (round, client) once and
    /// accepted, and the checkpoint is round R's.</summary>
    static void AssertEveryRoundOnce(ChaosRun chaos)
    {
        var rounds = File.ReadAllLines(Path.Combine(chaos.RunDirectory, "metrics.csv")).Skip(1)
            .Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(1, chaos.Rounds), rounds);

        var rows = FedHybridCli.ClientRows(chaos.RunDirectory);
        var duplicated = rows.GroupBy(r => (r.Round, r.Client)).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicated.Length == 0, $"duplicated clients.csv rows: {string.Join(", ", duplicated)}\n{chaos.History}");
        var everyone = Enumerable.Range(1, chaos.Rounds).SelectMany(r => new[] { "client-01", "client-02", "client-03" }.Select(c => $"{r}/{c}"));
        Assert.Equal(everyone.Order(StringComparer.Ordinal),
            rows.Where(r => r.Status == "accepted").Select(r => $"{r.Round}/{r.Client}").Order(StringComparer.Ordinal));

        var suite = Suite.Parse("hpke-x25519-aes256gcm");
        using var keys = ParticipantKeys.Load(Path.Combine(chaos.RunDirectory, "keys"), StageEngine.CoordinatorId, suite);
        using var crypto = new CoordinatorCrypto(keys, RekeyPolicy.Message, 1);
        Assert.Equal(chaos.Rounds, new CheckpointStore(chaos.RunDirectory, crypto).Load().Round);
    }

    /// <summary>"1-20" or "3,5,8" (or both, comma-separated).</summary>
    static IEnumerable<int> Parse(string spec)
    {
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            int from = int.Parse(range[0], CultureInfo.InvariantCulture);
            int to = range.Length == 2 ? int.Parse(range[1], CultureInfo.InvariantCulture) : from;
            for (int seed = from; seed <= to; seed++)
                yield return seed;
        }
    }
}
