using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>
/// Central DP through the engine: a run killed in the middle of a round and resumed ends with the bit-identical
/// model of an uninterrupted one and reports the same epsilon every round, since the noise is drawn from the
/// seed and the round and the rounds charged (and the adaptive clip norm) travel in the sealed checkpoint. The same
/// holds for distributed DP under secure aggregation, whose clients draw their noise from the seed and whose ledger
/// travels in the checkpoint too.
/// </summary>
public sealed class CentralDpResumeTests
{
    const int Parameters = 6, Rounds = 4, KillInRound = 3;

    public static TheoryData<string, bool> Cases() => new() { { "fedavg", false }, { "fedadam", false }, { "fedavg", true } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AKilledAndResumedRunEndsWithTheModelAndEpsilonsOfAnUninterruptedOne(string strategy, bool adaptive)
    {
        var uninterrupted = await RunAsync(strategy, adaptive, killInRound: null);
        var resumed = await RunAsync(strategy, adaptive, KillInRound);
        Assert.Equal(uninterrupted.Hash, resumed.Hash);
        Assert.Equal(KillInRound - 1, resumed.ResumedAfter);
        Assert.Equal(uninterrupted.Epsilons, resumed.Epsilons);
        Assert.NotEqual(ModelPayload.Hash(new float[Parameters]), uninterrupted.Hash);
        // Each round charged one step of q = 2/4 at σ = 1.5.
        for (int round = 1; round <= Rounds; round++)
        {
            Assert.Equal(new RdpAccountant().ComposePoissonGaussian(0.5, 1.5, round).Epsilon(1e-5).Epsilon, uninterrupted.Epsilons[round - 1].Rdp);
            Assert.Equal(new PldAccountant(1e-3).ComposePoissonGaussian(0.5, 1.5, round).Epsilon(1e-5).Epsilon, uninterrupted.Epsilons[round - 1].Pld);
        }
    }

    [Fact]
    public async Task UnderDistributedDpAKilledAndResumedRunEndsWithTheModelAndEpsilonOfAnUninterruptedOne()
    {
        var uninterrupted = await RunAsync("fedavg", adaptive: false, killInRound: null, distributed: true);
        var resumed = await RunAsync("fedavg", adaptive: false, KillInRound, distributed: true);
        Assert.Equal(uninterrupted.Hash, resumed.Hash);
        Assert.Equal(KillInRound - 1, resumed.ResumedAfter);
        Assert.Equal(uninterrupted.Epsilons, resumed.Epsilons);
        var ledger = new DistributedDpLedger(new DistributedDpMechanism(DistributedSettings, 32, Parameters));
        for (int round = 1; round <= Rounds; round++)
        {
            ledger = ledger.Charge(4, 1.0);
            Assert.Equal(ledger.Epsilon(), uninterrupted.Epsilons[round - 1].Rdp);
            Assert.True(double.IsNaN(uninterrupted.Epsilons[round - 1].Pld));
        }
        var plain = await RunAsync("fedavg", adaptive: false, killInRound: null, privacy: false);
        Assert.NotEqual(plain.Hash, uninterrupted.Hash);
    }

    static readonly DistributedDpSettings DistributedSettings = new(0.3, 1.5, DistributedNoise.DiscreteGaussian, 1e-5, ExpectedCohort: 4);

    [Fact]
    public async Task TheNoiseMovesTheModelAndTheSeedFixesIt()
    {
        var plain = await RunAsync("fedavg", adaptive: false, killInRound: null, privacy: false);
        var noised = await RunAsync("fedavg", adaptive: false, killInRound: null);
        var again = await RunAsync("fedavg", adaptive: false, killInRound: null);
        Assert.NotEqual(plain.Hash, noised.Hash);
        Assert.Equal(noised.Hash, again.Hash);
        Assert.All(plain.Epsilons, e => Assert.True(double.IsNaN(e.Rdp) && double.IsNaN(e.Pld)));
    }

    static Strategy Create(string name, bool adaptive, bool privacy, bool distributed)
    {
        var descriptor = StrategyRegistry.Find(name);
        var options = (FitOptions)descriptor.DefaultOptions() with { FractionFit = distributed ? 1.0 : 0.5, MinUpdates = 1 };
        var strategy = (FitStrategy)descriptor.Create(options, new FitSettings(2, 8, 0.1, 0.5, 0, Seed: 7));
        if (distributed)
            strategy.UseSecureAggregation(new SecureAggregationOptions { MaxCohort = 4, Neighbours = 3, Threshold = 2, DistributedDp = DistributedSettings },
                new MaskingPairSeedRecovery("run-dp", FedHybrid.Crypto.Agreement.MaskingAgreement.X25519));
        else if (privacy)
            strategy.UseAggregation(new CentralDpAggregation(new CentralDpOptions(0.3, 1.5, 1e-5, Seed: 7,
                adaptive ? new CentralDpAdaptiveClipping(ClippedCountStddev: 1) : null, PldDiscretization: 1e-3)));
        return strategy;
    }

    static async Task<(string Hash, int ResumedAfter, (double Rdp, double Pld)[] Epsilons)> RunAsync(string name, bool adaptive, int? killInRound, bool privacy = true,
        bool distributed = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(Path.GetTempPath(), "fedhybrid-dp-resume-" + Guid.NewGuid().ToString("n")[..10]);
        using var keys = new TestKeys(4);
        try
        {
            if (killInRound is { } kill)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var progress = new Progress(p => { if (p.Round == kill && p.Received >= 1) stop.Cancel(); });
                var killed = Run(Create(name, adaptive, privacy, distributed), keys, directory, progress, resume: false, stop.Token);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed);
                Assert.Equal(kill - 1, new CheckpointStore(directory, keys.Coordinator).Load().Round);
            }
            var (summary, rounds) = await Run(Create(name, adaptive, privacy, distributed), keys, directory, null, resume: killInRound is not null, ct);
            Assert.Equal(Rounds, summary.RoundsAggregated);
            return (summary.FinalModelSha256, summary.ResumedAfterRound, rounds.Select(r => (r.EpsilonRdp, r.EpsilonPld)).ToArray());
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    static async Task<(RunSummary, IReadOnlyList<RoundMetrics>)> Run(Strategy strategy, TestKeys keys, string directory, IProgress<RunProgress>? progress,
        bool resume, CancellationToken ct)
    {
        var engine = new StageEngine(new CoordinatorOptions("run-dp", "fake", Rounds, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 1, 2, directory)
            { Samples = new SampleLimits(InProcessRun.SampleLimit) }, strategy, new FakeEvaluator(Parameters), keys.Coordinator, keys.Registry, progress);
        var endpoint = new CoordinatorEndpoint(engine);
        using var clientsStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = keys.Clients.Select((crypto, i) =>
        {
            var client = new FederatedClient(
                new ClientOptions(keys.Coordinator.Identity) { StateDirectory = Path.Combine(directory, "client-state", crypto.Identity.Id), GiveUpAfter = TimeSpan.FromSeconds(30) },
                crypto, () => new InProcessClientChannel(endpoint), (_, _) => new FakeTrainer(Parameters, 0.05f * (i + 1), 10 * (i + 1)));
            return Task.Run(() => client.RunAsync(clientsStop.Token), ct);
        }).ToArray();
        try
        {
            var summary = await engine.RunAsync(resume, ct);
            return (summary, engine.Rounds.ToArray());
        }
        finally
        {
            clientsStop.Cancel();
            await Task.WhenAll(clients);
        }
    }

    sealed class Progress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
