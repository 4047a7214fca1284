using FedHybrid.Aggregation;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Tests;

/// <summary>The round state machine driven directly (no server): the test plays the clients.</summary>
public sealed class RoundEngineTests : IDisposable
{
    const int Parameters = 8;
    readonly TestKeys _keys = new(3);
    readonly string _directory = Path.Combine(Path.GetTempPath(), "fedhybrid-engine-" + Guid.NewGuid().ToString("n")[..10]);

    static readonly ClientReport Honest = new(0, 1, 1, 1, 1, 0.5);

    RoundEngine Engine(int rounds, TimeSpan deadline, int minUpdates = 1, double fractionEvaluate = 0, bool centralEvaluation = true) =>
        TestEngines.Create(_keys, _directory, Parameters, rounds, deadline, minUpdates, fractionEvaluate: fractionEvaluate, centralEvaluation: centralEvaluation);

    /// <summary>Plays client <paramref name="index"/> for one task: open the model, add <paramref name="step"/>
    /// to every weight, submit the sealed delta.</summary>
    async Task<UpdateVerdict> PlayAsync(RoundEngine engine, int index, int seenVersion, float step, long samples, ClientReport? report = null) =>
        (await PlayWithEnvelopeAsync(engine, index, seenVersion, step, samples, report)).Verdict;

    async Task<(UpdateVerdict Verdict, byte[] Envelope)> PlayWithEnvelopeAsync(RoundEngine engine, int index, int seenVersion, float step, long samples,
        ClientReport? report = null)
    {
        var client = _keys.Clients[index];
        var session = engine.Sessions.Find(client.Identity.Id)!;
        var (task, _) = await session.NextAsync(seenVersion, TestContext.Current.CancellationToken);
        Assert.Equal(Stage.Fit, task.Stage);
        var model = engine.FindModel(task.ModelId)!;
        var opened = client.OpenModel(model.Envelope, _keys.Coordinator.Identity);
        Assert.Equal((long)task.Round, opened.Round);
        var global = ModelPayload.Decode(opened.Payload, Parameters);
        var delta = global.Select(_ => step).ToArray();
        var envelope = client.SealUpdate(new EnvelopeContext(opened.RunId, task.Round, client.Identity.Id), UpdatePayload.Encode(delta, samples), _keys.Coordinator.Identity);
        return (Submit(engine, index, (int)task.Round, envelope, report), envelope);
    }

    UpdateVerdict Submit(RoundEngine engine, int index, int round, byte[] envelope, ClientReport? report = null) =>
        engine.Submit(engine.Sessions.Find(_keys.Clients[index].Identity.Id)!, round, envelope, report ?? Honest, 1);

    void JoinAll(RoundEngine engine)
    {
        foreach (var client in _keys.Clients)
            TestJoins.Admit(engine, client);
    }

    [Fact]
    public async Task RoundsAggregateSampleWeightedDeltasAndWriteMetricsAndCheckpoint()
    {
        var engine = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int round = 1; round <= 2; round++)
        {
            // deltas 0.1 (100 samples), 0.2 (100), 0.4 (200): weighted mean 0.275
            Assert.True((await PlayAsync(engine, 0, 0, 0.1f, 100)).Accepted);
            Assert.True((await PlayAsync(engine, 1, 0, 0.2f, 100)).Accepted);
            Assert.True((await PlayAsync(engine, 2, 0, 0.4f, 200)).Accepted);
        }
        var summary = await run;
        Assert.Equal(2, summary.RoundsAggregated);
        Assert.Equal(6, summary.UpdatesAccepted);
        Assert.Equal((float)(0f + (float)(0.1 * 0.25 + 0.2 * 0.25 + 0.4f * 0.5) + (float)(0.1 * 0.25 + 0.2 * 0.25 + 0.4f * 0.5)),
            (float)summary.FinalTestAccuracy, 5);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_directory, "metrics.csv")).Length);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(_directory, "clients.csv")).Length);
        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.Equal(2, checkpoint.Round);
        Assert.Equal(6, checkpoint.SeenEnvelopes.Count);
        Assert.Equal(summary.FinalModelSha256, ModelPayload.Hash(checkpoint.Weights));
    }

    [Fact]
    public async Task AnAggregateThatOverflowsIsNotAdoptedAndTheModelIsKept()
    {
        // Every delta is finite (so each update is accepted), but the second round's sum overflows float.
        const float Huge = float.MaxValue * 0.75f;
        var engine = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int round = 1; round <= 2; round++)
            for (int client = 0; client < 3; client++)
                Assert.True((await PlayAsync(engine, client, 0, Huge, 100)).Accepted);
        var summary = await run;
        Assert.Equal(1, summary.RoundsAggregated);
        Assert.Equal(6, summary.UpdatesAccepted);
        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.All(checkpoint.Weights, w => Assert.Equal(Huge, w));
        var rows = File.ReadAllLines(Path.Combine(_directory, "metrics.csv"));
        Assert.Contains(",true,", rows[1]);
        Assert.Contains(",false,", rows[2]);
    }

    [Fact]
    public async Task AMissingClientClosesTheRoundAtTheDeadlineAndADuplicateIsRejected()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromSeconds(2));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0, 0.5f, 10)).Accepted);
        var summary = await run;
        Assert.Equal(1, summary.RoundsAggregated);
        Assert.Equal(0.5, summary.FinalTestAccuracy, 5);
        var rows = File.ReadAllLines(Path.Combine(_directory, "clients.csv"));
        Assert.Contains(rows, r => r.StartsWith("1,client-2,missing", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("1,client-3,missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutQuorumTheModelIsKeptAndLateUpdatesAreRejected()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromSeconds(1), minUpdates: 2);
        JoinAll(engine);
        var run = engine.RunAsync(false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0, 0.5f, 10)).Accepted);
        var summary = await run;
        Assert.Equal(0, summary.RoundsAggregated);
        Assert.Equal(0.0, summary.FinalTestAccuracy);
        Assert.Contains(",false,", File.ReadAllLines(Path.Combine(_directory, "metrics.csv"))[1]);

        var client = _keys.Clients[1];
        var envelope = client.SealUpdate(new EnvelopeContext("run-t", 1, client.Identity.Id), UpdatePayload.Encode(new float[Parameters], 10), _keys.Coordinator.Identity);
        var late = engine.Submit(engine.Sessions.Find(client.Identity.Id)!, 1, envelope, new ClientReport(0, 0, 0, 0, 0, 0), 0);
        Assert.Equal(UpdateRejection.Late, late.Reason);
    }

    [Fact]
    public async Task ResumeContinuesFromTheCheckpointToTheSameModel()
    {
        var first = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(first);
        var run = first.RunAsync(false, TestContext.Current.CancellationToken);
        for (int i = 0; i < 3; i++)
            await PlayAsync(first, i, 0, 0.25f, 10);
        await run;

        // A new coordinator process: two rounds in total, the first restored from the checkpoint.
        var second = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(second);
        var resumed = second.RunAsync(resume: true, TestContext.Current.CancellationToken);
        for (int i = 0; i < 3; i++)
            Assert.True((await PlayAsync(second, i, 0, 0.25f, 10)).Accepted);
        var summary = await resumed;
        Assert.Equal(1, summary.ResumedAfterRound);
        Assert.Equal(0.5, summary.FinalTestAccuracy, 5);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_directory, "metrics.csv")).Length);
    }

    [Fact]
    public async Task AnEnvelopeAcceptedInARoundInterruptedByACrashIsAReplayAfterResume()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(first);
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = first.RunAsync(false, crash.Token);
        for (int i = 0; i < 3; i++)
            Assert.True((await PlayAsync(first, i, 0, 0.25f, 10)).Accepted);
        // Round 2: client-1's update is accepted, then the coordinator dies before the round completes.
        var (verdict, accepted) = await PlayWithEnvelopeAsync(first, 0, 0, 0.25f, 10);
        Assert.True(verdict.Accepted);
        crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, new CheckpointStore(_directory, _keys.Coordinator).Load().Round);

        // Resumed, round 2 runs again: the envelope accepted before the crash is a replay now.
        var second = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(second);
        var resumed = second.RunAsync(resume: true, ct);
        await second.Sessions.Find(_keys.Clients[0].Identity.Id)!.NextAsync(0, ct);
        Assert.Equal(UpdateRejection.Replayed, Submit(second, 0, 2, accepted).Reason);
        for (int i = 1; i < 3; i++)
            Assert.True((await PlayAsync(second, i, 0, 0.25f, 10)).Accepted);
        var summary = await resumed;
        Assert.Equal(1, summary.ResumedAfterRound);
        Assert.Contains("replayed:1", File.ReadAllLines(Path.Combine(_directory, "metrics.csv"))[2]);
        // 3 ids of round 1, the interrupted round's 1 (from the journal) and the 2 accepted after the resume.
        Assert.Equal(6, new CheckpointStore(_directory, _keys.Coordinator).Load().SeenEnvelopes.Count);
        Assert.Empty(new ReplayJournal(_directory).Load());
    }

    [Fact]
    public async Task AnUpdateClaimingMoreSamplesThanAllowedIsRejectedAndCounted()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0, 0.1f, 10)).Accepted);
        // A huge weight would let one client dictate the average.
        Assert.Equal(UpdateRejection.SampleCountOutOfRange, (await PlayAsync(engine, 1, 0, 100f, TestEngines.SampleLimit + 1)).Reason);
        Assert.True((await PlayAsync(engine, 2, 0, 0.3f, 10)).Accepted);
        var summary = await run;
        Assert.Equal(0.2, summary.FinalTestAccuracy, 5);
        Assert.Equal(1, summary.RejectionReasons["sample-count-out-of-range"]);
        Assert.Contains("sample-count-out-of-range:1", File.ReadAllLines(Path.Combine(_directory, "metrics.csv"))[1]);
    }

    public static TheoryData<string, ClientReport> BadReports => new()
    {
        { "not-finite", Honest with { TrainLoss = double.NaN } },
        { "not-finite", Honest with { TrainLoss = double.PositiveInfinity } },
        { "not-finite", Honest with { DownloadMs = double.NaN } },
        { "not-finite", Honest with { SealMs = double.NegativeInfinity } },
        { "report-out-of-range", Honest with { TrainLoss = -0.5 } },
        { "report-out-of-range", Honest with { TrainMs = -1 } },
        { "report-out-of-range", Honest with { SlotWaitMs = TimeSpan.FromMinutes(6).TotalMilliseconds } },
    };

    /// <summary>An authenticated client whose update is sound but whose report is not: the update is
    /// rejected and counted, the round aggregates the others, and its checkpoint and tables are written.</summary>
    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task AnUpdateWithAnImpossibleReportIsRejectedCountedAndTheRoundIsWritten(string reason, ClientReport report)
    {
        var engine = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int round = 1; round <= 2; round++)
        {
            Assert.True((await PlayAsync(engine, 0, 0, 0.1f, 100)).Accepted);
            var refused = await PlayAsync(engine, 1, 0, 0.3f, 100, report);
            Assert.Equal(reason, refused.Reason?.ToName());
            Assert.True((await PlayAsync(engine, 2, 0, 0.3f, 100)).Accepted);
        }
        var summary = await run;
        Assert.Equal(2, summary.RoundsAggregated);
        Assert.Equal(2, summary.UpdatesRejected);
        Assert.Equal(2, summary.RejectionReasons[reason]);
        Assert.Equal(0.4, summary.FinalTestAccuracy, 5);

        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.Equal(2, checkpoint.Round);
        Assert.Equal(6, checkpoint.Clients.Count);
        var metrics = File.ReadAllLines(Path.Combine(_directory, "metrics.csv"));
        Assert.Equal(3, metrics.Length);
        Assert.All(metrics.Skip(1), row => Assert.Contains($",{reason}:1,", row));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_directory, "clients.csv")).Count(r => r.Contains($",rejected,{reason},", StringComparison.Ordinal)));
        // The refused report is not kept: its train loss and client timings are empty fields (unknown).
        string[] reported = ["train_loss", "slot_wait_ms", "download_ms", "open_ms", "train_ms", "seal_ms"];
        var rows = FedHybrid.Federation.Simulation.MetricsFile.Read(Path.Combine(_directory, "clients.csv"));
        Assert.Equal(6, rows.Count);
        Assert.Equal(2, rows.Count(r => reported.All(field => !r.ContainsKey(field))));
        Assert.Equal(4, rows.Count(r => reported.All(r.ContainsKey)));
    }

    [Fact]
    public async Task ARoundWithoutEvaluationWritesItsUnmeasuredAccuracyAsEmptyAndNull()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5), centralEvaluation: false);
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int client = 0; client < 3; client++)
            Assert.True((await PlayAsync(engine, client, 0, 0.1f, 100)).Accepted);
        var summary = await run;
        Assert.True(double.IsNaN(summary.FinalTestAccuracy));

        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.True(double.IsNaN(checkpoint.Rounds[0].TestAccuracy));
        var metrics = File.ReadAllLines(Path.Combine(_directory, "metrics.csv"));
        var header = metrics[0].Split(',');
        var row = metrics[1].Split(',');
        Assert.Equal("", row[Array.IndexOf(header, "test_accuracy")]);
        Assert.Equal("", row[Array.IndexOf(header, "test_loss")]);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "summary.json")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("final_test_accuracy").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("final_test_loss").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("best_test_accuracy").ValueKind);
    }

    [Fact]
    public async Task SummaryAndMetricsCountTheSameRejectionsIncludingDuplicates()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        var (first, envelope) = await PlayWithEnvelopeAsync(engine, 0, 0, 0.1f, 100);
        Assert.True(first.Accepted);
        Assert.Equal(UpdateRejection.Duplicate, Submit(engine, 0, 1, envelope).Reason);
        Assert.True((await PlayAsync(engine, 1, 0, 0.1f, 100)).Accepted);
        Assert.True((await PlayAsync(engine, 2, 0, 0.1f, 100)).Accepted);
        var summary = await run;

        var metrics = File.ReadAllLines(Path.Combine(_directory, "metrics.csv"));
        var header = metrics[0].Split(',');
        var row = metrics[1].Split(',');
        Assert.Equal("1", row[Array.IndexOf(header, "rejected")]);
        Assert.Equal("duplicate:1", row[Array.IndexOf(header, "rejection_reasons")]);
        Assert.Equal(1, summary.UpdatesRejected);
        Assert.Equal(1, summary.RejectionReasons["duplicate"]);
        Assert.Equal(3, summary.UpdatesAccepted);
    }

    public static TheoryData<string, EvaluationSummary> BadEvaluations => new()
    {
        { "not-finite", new EvaluationSummary(0.5, double.NaN, 10) },
        { "not-finite", new EvaluationSummary(double.PositiveInfinity, 0.5, 10) },
        { "report-out-of-range", new EvaluationSummary(0.5, 1.5, 10) },
        { "report-out-of-range", new EvaluationSummary(-0.5, 0.5, 10) },
        { "report-out-of-range", new EvaluationSummary(0.5, 0.5, 0) },
        { "report-out-of-range", new EvaluationSummary(0.5, 0.5, TestEngines.SampleLimit + 1) },
    };

    [Theory]
    [MemberData(nameof(BadEvaluations))]
    public async Task AnImpossibleEvaluationReportIsRejectedCountedAndDoesNotHoldTheStage(string reason, EvaluationSummary bad)
    {
        var ct = TestContext.Current.CancellationToken;
        // The deadline would outlast the test's hang guard: the stage must close because all reported.
        var engine = Engine(rounds: 1, TimeSpan.FromHours(1), fractionEvaluate: 1.0, centralEvaluation: false);
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, ct);
        for (int client = 0; client < 3; client++)
            Assert.True((await PlayAsync(engine, client, 0, 0.3f, 100)).Accepted);
        for (int client = 0; client < 3; client++)
        {
            var session = engine.Sessions.Find(_keys.Clients[client].Identity.Id)!;
            var (task, version) = await session.NextAsync(0, ct);
            while (task.Stage != Stage.Evaluate)
                (task, version) = await session.NextAsync(version, ct);
            var verdict = engine.ReportEvaluation(session, (int)task.Round, client == 1 ? bad : new EvaluationSummary(0.25, 0.5, 100));
            Assert.Equal(client == 1 ? reason : null, verdict.Reason?.ToName());
        }
        var summary = await run.WaitAsync(TimeSpan.FromMinutes(2), ct);
        // Only the two sound reports are averaged.
        Assert.Equal(0.5, summary.FinalTestAccuracy, 5);
        var metrics = File.ReadAllLines(Path.Combine(_directory, "metrics.csv"));
        var header = metrics[0].Split(',');
        Assert.Equal($"{reason}:1", metrics[1].Split(',')[Array.IndexOf(header, "evaluation_rejections")]);
        Assert.Equal(1, new CheckpointStore(_directory, _keys.Coordinator).Load().Round);
    }

    [Fact]
    public void OnlyProvisionedIdentitiesWithTheirExactKeysMayJoin()
    {
        var engine = Engine(1, TimeSpan.FromSeconds(1));
        var client = _keys.Clients[0].Identity;
        byte[] Proof(byte[] challenge) => _keys.Clients[0].ProveJoin(challenge, engine.Options.RunId);
        var stranger = Assert.Throws<JoinRefusedException>(() => engine.Sessions.IssueChallenge("stranger"));
        Assert.Equal(JoinRefusal.NotProvisioned, stranger.Reason);
        var challenge = engine.Sessions.IssueChallenge(client.Id).Value;
        var otherKeys = Assert.Throws<JoinRefusedException>(() =>
            engine.Sessions.Join(client with { SigningKey = _keys.Clients[1].Identity.SigningKey }, challenge, Proof(challenge)));
        Assert.Equal(JoinRefusal.WrongKeys, otherKeys.Reason);
        challenge = engine.Sessions.IssueChallenge(client.Id).Value;
        var session = engine.Sessions.Join(client, challenge, Proof(challenge));
        Assert.Same(session, engine.Sessions.Authenticate(client.Id, session.Token!));
        var tampered = (session.Token![0] == '0' ? "1" : "0") + session.Token[1..];
        Assert.Null(engine.Sessions.Authenticate(client.Id, tampered));
        Assert.Null(engine.Sessions.Authenticate("client-2", session.Token!));
    }

    public void Dispose()
    {
        _keys.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
