using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>
/// For every strategy in the registry: a run whose coordinator (and every client with it) is killed in
/// the middle of a round and resumed ends with the bit-identical model of a run that was never
/// interrupted. Strategy state travels in the sealed checkpoint; SCAFFOLD's client control variates
/// stay in each client's own sealed state directory across the restart.
/// </summary>
public sealed class StrategyResumeTests
{
    const int Parameters = 6, Rounds = 4, KillInRound = 3;

    public static TheoryData<string> Strategies() => new(StrategyRegistry.Names);

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task AKilledAndResumedRunEndsWithTheModelOfAnUninterruptedOne(string name)
    {
        var uninterrupted = await RunAsync(name, killInRound: null);
        var resumed = await RunAsync(name, KillInRound);
        Assert.Equal(uninterrupted.Hash, resumed.Hash);
        Assert.Equal(KillInRound - 1, resumed.ResumedAfter);
        // The run moved the model (a test of identity that compares two untouched models proves nothing).
        Assert.NotEqual(ModelPayload.Hash(new float[Parameters]), uninterrupted.Hash);
    }

    [Fact]
    public async Task ScaffoldClientsKeepTheirControlVariatesSealedInTheirStateDirectories()
    {
        var states = Path.Combine(Path.GetTempPath(), "fedhybrid-state-" + Guid.NewGuid().ToString("n")[..10]);
        try
        {
            await RunAsync("scaffold", killInRound: null, states);
            var files = Directory.GetFiles(Path.Combine(states, "client-1"));
            // The two newest rounds' c_i, sealed: the marker of a stage message is not in the clear.
            Assert.Equal([$"{FitHandler.ControlStateName}.r{Rounds - 1:D6}.sealed", $"{FitHandler.ControlStateName}.r{Rounds:D6}.sealed"],
                files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.All(files, f => Assert.DoesNotContain("FHST", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(f))));
        }
        finally
        {
            if (Directory.Exists(states))
                Directory.Delete(states, recursive: true);
        }
    }

    /// <summary>One run of <paramref name="name"/> on four fake clients with unequal steps and sample
    /// counts; killed once the round <paramref name="killInRound"/> is under way, then resumed by a new
    /// coordinator and new clients over the same folders.</summary>
    static async Task<(string Hash, int ResumedAfter)> RunAsync(string name, int? killInRound, string? stateRoot = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(Path.GetTempPath(), "fedhybrid-resume-" + Guid.NewGuid().ToString("n")[..10]);
        stateRoot ??= Path.Combine(directory, "client-state");
        using var keys = new TestKeys(4);
        try
        {
            if (killInRound is { } kill)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var progress = new Progress(p => { if (p.Round == kill && p.Received >= 2) stop.Cancel(); });
                var killed = Run(name, keys, directory, stateRoot, progress, resume: false, stop.Token);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed);
                Assert.Equal(kill - 1, new CheckpointStore(directory, keys.Coordinator).Load().Round);
            }
            var summary = await Run(name, keys, directory, stateRoot, null, resume: killInRound is not null, ct);
            Assert.Equal(Rounds, summary.RoundsAggregated);
            return (summary.FinalModelSha256, summary.ResumedAfterRound);
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    static async Task<RunSummary> Run(string name, TestKeys keys, string directory, string stateRoot, IProgress<RunProgress>? progress,
        bool resume, CancellationToken ct)
    {
        var descriptor = StrategyRegistry.Find(name);
        var strategy = descriptor.Create(descriptor.DefaultOptions(), new FitSettings(2, 8, 0.1, 0.5, 0, Seed: 7));
        var engine = new StageEngine(new CoordinatorOptions("run-t", "fake", Rounds, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 1, 2, directory)
            { Samples = new SampleLimits(InProcessRun.SampleLimit) }, strategy, new FakeEvaluator(Parameters), keys.Coordinator, keys.Registry, progress);
        var endpoint = new CoordinatorEndpoint(engine);
        using var clientsStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = keys.Clients.Select((crypto, i) =>
        {
            var client = new FederatedClient(
                new ClientOptions(keys.Coordinator.Identity) { StateDirectory = Path.Combine(stateRoot, crypto.Identity.Id), GiveUpAfter = TimeSpan.FromSeconds(30) },
                crypto, () => new InProcessClientChannel(endpoint), (_, _) => new FakeTrainer(Parameters, 0.05f * (i + 1), 10 * (i + 1)));
            return Task.Run(() => client.RunAsync(clientsStop.Token), ct);
        }).ToArray();
        try
        {
            return await engine.RunAsync(resume, ct);
        }
        finally
        {
            // A killed coordinator takes its clients with it (they are restarted with the resumed run).
            clientsStop.Cancel();
            await Task.WhenAll(clients);
        }
    }

    sealed class Progress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
