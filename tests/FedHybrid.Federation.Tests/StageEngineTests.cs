using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Federation.Tests;

/// <summary>The stage engine driven directly (no server): the test plays the clients.</summary>
public sealed class StageEngineTests : IDisposable
{
    const int Parameters = 8;
    readonly TestKeys _keys = new(3);
    readonly string _directory = Path.Combine(Path.GetTempPath(), "fedhybrid-engine-" + Guid.NewGuid().ToString("n")[..10]);

    StageEngine Engine(int rounds, TimeSpan deadline, int minUpdates = 1, double fractionEvaluate = 0) =>
        TestEngines.Create(_keys, _directory, Parameters, rounds, deadline, minUpdates, fractionEvaluate: fractionEvaluate);

    Task<(ReplyVerdict Verdict, byte[] Envelope)> PlayAsync(StageEngine engine, int index, float step, long samples) =>
        StagePlay.FitAsync(engine, _keys.Clients[index], step, samples);

    void JoinAll(StageEngine engine)
    {
        foreach (var client in _keys.Clients)
            TestJoins.Admit(engine, client);
    }

    string[] Lines(string file) => File.ReadAllLines(Path.Combine(_directory, file));

    [Fact]
    public async Task RoundsAggregateSampleWeightedDeltasAndWriteMetricsStagesAndCheckpoint()
    {
        var engine = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int round = 1; round <= 2; round++)
        {
            // deltas 0.1 (100 samples), 0.2 (100), 0.4 (200): weighted mean 0.275
            Assert.True((await PlayAsync(engine, 0, 0.1f, 100)).Verdict.Accepted);
            Assert.True((await PlayAsync(engine, 1, 0.2f, 100)).Verdict.Accepted);
            Assert.True((await PlayAsync(engine, 2, 0.4f, 200)).Verdict.Accepted);
        }
        var summary = await run;
        Assert.Equal(2, summary.RoundsAggregated);
        Assert.Equal(6, summary.UpdatesAccepted);
        Assert.Equal((float)(0f + (float)(0.1 * 0.25 + 0.2 * 0.25 + 0.4f * 0.5) + (float)(0.1 * 0.25 + 0.2 * 0.25 + 0.4f * 0.5)),
            (float)summary.FinalTestAccuracy, 5);
        Assert.Equal(3, Lines("metrics.csv").Length);
        Assert.Equal(3, Lines("stages.csv").Length);
        Assert.Equal(7, Lines("clients.csv").Length);
        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.Equal(2, checkpoint.Round);
        Assert.Equal(6, checkpoint.SeenEnvelopes.Count);
        Assert.Equal(summary.FinalModelSha256, ModelPayload.Hash(checkpoint.Weights));
    }

    [Fact]
    public async Task AFitStageIsFollowedByAnEvaluateStageWhoseRepliesAreAggregated()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5), fractionEvaluate: 1.0);
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int i = 0; i < 3; i++)
            Assert.True((await PlayAsync(engine, i, 0.5f, 10)).Verdict.Accepted);
        for (int i = 0; i < 3; i++)
        {
            var client = _keys.Clients[i];
            var (task, shared, _) = await StagePlay.NextAsync(engine, client);
            Assert.Equal(FitProtocol.EvaluateStage, task.Stage);
            Assert.All(shared!.Payload.Vector(FitProtocol.Model, Parameters), w => Assert.Equal(0.5f, w));
            var metrics = StageConfig.Empty.With(FitProtocol.Loss, 0.1 * (i + 1)).With(FitProtocol.Accuracy, 0.5).With(FitProtocol.Count, 10L * (i + 1));
            Assert.True(StagePlay.Submit(engine, client, task, StagePlay.SealReply(engine, client, task, metrics, StagePayload.Empty)).Accepted);
        }
        await run;
        var header = Lines("metrics.csv")[0].Split(',');
        var row = Lines("metrics.csv")[1].Split(',');
        Assert.Equal("fit+evaluate", row[Array.IndexOf(header, "stages")]);
        // (0.1*10 + 0.2*20 + 0.3*30) / 60
        Assert.Equal(0.2333333, double.Parse(row[Array.IndexOf(header, "federated_loss")], System.Globalization.CultureInfo.InvariantCulture), 6);
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
                Assert.True((await PlayAsync(engine, client, Huge, 100)).Verdict.Accepted);
        var summary = await run;
        Assert.Equal(1, summary.RoundsAggregated);
        Assert.Equal(6, summary.UpdatesAccepted);
        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.All(checkpoint.Weights, w => Assert.Equal(Huge, w));
        var rows = Lines("metrics.csv");
        Assert.Contains(",true,", rows[1]);
        Assert.Contains(",false,", rows[2]);
        Assert.Contains("not finite", rows[2]);
    }

    [Fact]
    public async Task AMissingClientClosesTheStageAtTheDeadline()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromSeconds(2));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0.5f, 10)).Verdict.Accepted);
        var summary = await run;
        Assert.Equal(1, summary.RoundsAggregated);
        Assert.Equal(0.5, summary.FinalTestAccuracy, 5);
        var rows = Lines("clients.csv");
        Assert.Contains(rows, r => r.StartsWith("1,fit,client-2,missing", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("1,fit,client-3,missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutQuorumTheModelIsKeptAndLateRepliesAreRejected()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromSeconds(1), minUpdates: 2);
        JoinAll(engine);
        var run = engine.RunAsync(false, TestContext.Current.CancellationToken);
        var (verdict, _) = await PlayAsync(engine, 0, 0.5f, 10);
        Assert.True(verdict.Accepted);
        var (task, _, _) = await StagePlay.NextAsync(engine, _keys.Clients[1]);
        var summary = await run;
        Assert.Equal(0, summary.RoundsAggregated);
        Assert.Equal(0.0, summary.FinalTestAccuracy);
        Assert.Contains("quorum", Lines("metrics.csv")[1]);

        var late = StagePlay.Submit(engine, _keys.Clients[1], task, StagePlay.SealFit(engine, _keys.Clients[1], task, new float[Parameters], 10));
        Assert.Equal(UpdateRejection.Late.ToName(), late.Reason);
    }

    [Fact]
    public async Task AReplyArrivingAfterItsStageClosedIsRejectedAndCountedWithTheNextStage()
    {
        var engine = Engine(rounds: 2, TimeSpan.FromSeconds(1));
        JoinAll(engine);
        var run = engine.RunAsync(false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0.5f, 10)).Verdict.Accepted);
        var (roundOne, _, _) = await StagePlay.NextAsync(engine, _keys.Clients[1]);
        var (roundTwo, _, _) = await StagePlay.NextAsync(engine, _keys.Clients[0]); // client 0 answered round 1: this is round 2's
        Assert.Equal((1u, 2u), (roundOne.Round, roundTwo.Round));

        var late = StagePlay.Submit(engine, _keys.Clients[1], roundOne, StagePlay.SealFit(engine, _keys.Clients[1], roundOne, new float[Parameters], 10));
        Assert.Equal(UpdateRejection.Late.ToName(), late.Reason);
        Assert.True(StagePlay.Submit(engine, _keys.Clients[0], roundTwo, StagePlay.SealFit(engine, _keys.Clients[0], roundTwo, new float[Parameters], 10)).Accepted);
        var summary = await run;

        Assert.Equal(1, summary.RejectionReasons["late"]);
        Assert.Equal(1, summary.UpdatesRejected);
        var roundTwoRow = CsvTable.Read<RoundMetrics>(Path.Combine(_directory, "metrics.csv"))[1];
        Assert.Equal((2, 1, "late:1"), (roundTwoRow.Round, roundTwoRow.Rejected, roundTwoRow.RejectionReasons));
    }

    [Fact]
    public async Task ReportedTimingsOutOfRangeAreRejectedAndCountedAndTheRoundGoesOn()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0.5f, 10)).Verdict.Accepted);
        var client = _keys.Clients[1];
        var (task, _, _) = await StagePlay.NextAsync(engine, client);
        var envelope = StagePlay.SealFit(engine, client, task, new float[Parameters], 10);
        var verdict = StagePlay.Submit(engine, client, task, envelope, new ClientReport(0, 1, -1, 0, 0));
        Assert.Equal(UpdateRejection.ReportOutOfRange.ToName(), verdict.Reason);
        Assert.True((await PlayAsync(engine, 2, 0.5f, 10)).Verdict.Accepted);
        var summary = await run;
        Assert.Equal(1, summary.RejectionReasons["report-out-of-range"]);
        Assert.Equal(1, summary.UpdatesRejected);
        // The checkpoint and tables were written although a reported value was NaN.
        Assert.Equal(1, new CheckpointStore(_directory, _keys.Coordinator).Load().Round);
        Assert.Contains(Lines("clients.csv"), r => r.StartsWith("1,fit,client-2,rejected,report-out-of-range,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResumeContinuesFromTheCheckpointToTheSameModel()
    {
        var first = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(first);
        var run = first.RunAsync(false, TestContext.Current.CancellationToken);
        for (int i = 0; i < 3; i++)
            await PlayAsync(first, i, 0.25f, 10);
        await run;

        // A new coordinator process: two rounds in total, the first restored from the checkpoint.
        var second = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(second);
        var resumed = second.RunAsync(resume: true, TestContext.Current.CancellationToken);
        for (int i = 0; i < 3; i++)
            Assert.True((await PlayAsync(second, i, 0.25f, 10)).Verdict.Accepted);
        var summary = await resumed;
        Assert.Equal(1, summary.ResumedAfterRound);
        Assert.Equal(0.5, summary.FinalTestAccuracy, 5);
        Assert.Equal(3, Lines("metrics.csv").Length);
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
            Assert.True((await PlayAsync(first, i, 0.25f, 10)).Verdict.Accepted);
        // Round 2: client-1's update is accepted, then the coordinator dies before the round completes.
        var (verdict, accepted) = await PlayAsync(first, 0, 0.25f, 10);
        Assert.True(verdict.Accepted);
        crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, new CheckpointStore(_directory, _keys.Coordinator).Load().Round);

        // Resumed, round 2 runs again: the envelope accepted before the crash is a replay now.
        var second = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(second);
        var resumed = second.RunAsync(resume: true, ct);
        var (task, _, _) = await StagePlay.NextAsync(second, _keys.Clients[0]);
        Assert.Equal(UpdateRejection.Replayed.ToName(), StagePlay.Submit(second, _keys.Clients[0], task, accepted).Reason);
        for (int i = 1; i < 3; i++)
            Assert.True((await PlayAsync(second, i, 0.25f, 10)).Verdict.Accepted);
        var summary = await resumed;
        Assert.Equal(1, summary.ResumedAfterRound);
        Assert.Contains("replayed:1", Lines("metrics.csv")[2]);
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
        Assert.True((await PlayAsync(engine, 0, 0.1f, 10)).Verdict.Accepted);
        // A huge weight would let one client dictate the average.
        Assert.Equal(UpdateRejection.SampleCountOutOfRange.ToName(), (await PlayAsync(engine, 1, 100f, TestEngines.SampleLimit + 1)).Verdict.Reason);
        Assert.True((await PlayAsync(engine, 2, 0.3f, 10)).Verdict.Accepted);
        var summary = await run;
        Assert.Equal(0.2, summary.FinalTestAccuracy, 5);
        Assert.Equal(1, summary.RejectionReasons["sample-count-out-of-range"]);
        Assert.Contains("sample-count-out-of-range:1", Lines("metrics.csv")[1]);
    }

    [Fact]
    public async Task AReplyTheStrategyCannotUseIsRejectedWithTheStrategysReason()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(false, TestContext.Current.CancellationToken);
        Assert.True((await PlayAsync(engine, 0, 0.3f, 10)).Verdict.Accepted);
        var client = _keys.Clients[1];
        var (task, _, _) = await StagePlay.NextAsync(engine, client);
        var shortDelta = StagePlay.Submit(engine, client, task, StagePlay.SealFit(engine, client, task, new float[Parameters - 1], 10));
        Assert.True((await PlayAsync(engine, 2, 0.3f, 10)).Verdict.Accepted);
        var summary = await run;
        Assert.Equal(0.3, summary.FinalTestAccuracy, 5);
        Assert.Equal(1, summary.RejectionReasons[ReplyRejection.WrongSize]);
        Assert.Contains(Lines("clients.csv"), r => r.StartsWith("1,fit,client-2,rejected,wrong-size,", StringComparison.Ordinal));
        Assert.False(shortDelta.Accepted && summary.UpdatesAccepted == 3);
    }

    static readonly ClientReport Honest = new(0, 1, 1, 1, 1);

    public static TheoryData<string, ClientReport, double> BadReports => new()
    {
        { "not-finite", Honest, double.NaN },
        { "not-finite", Honest, double.PositiveInfinity },
        { "not-finite", Honest with { DownloadMs = double.NaN }, 0.5 },
        { "not-finite", Honest with { SealMs = double.NegativeInfinity }, 0.5 },
        { "report-out-of-range", Honest, -0.5 },
        { "report-out-of-range", Honest with { WorkMs = -1 }, 0.5 },
        { "report-out-of-range", Honest with { SlotWaitMs = ClientReportCheck.MaxMilliseconds * 2 }, 0.5 },
    };

    /// <summary>An authenticated client whose delta is sound but whose report (the sealed train loss, or
    /// the timings beside the upload) is not: the reply is rejected and counted, the round aggregates the
    /// others, and its checkpoint and tables are written.</summary>
    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task AnUpdateWithAnImpossibleReportIsRejectedCountedAndTheRoundIsWritten(string reason, ClientReport report, double loss)
    {
        var engine = Engine(rounds: 2, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int round = 1; round <= 2; round++)
        {
            Assert.True((await PlayAsync(engine, 0, 0.1f, 100)).Verdict.Accepted);
            var client = _keys.Clients[1];
            var (task, _, _) = await StagePlay.NextAsync(engine, client);
            var envelope = StagePlay.SealFit(engine, client, task, Enumerable.Repeat(0.3f, Parameters).ToArray(), 100, loss);
            Assert.Equal(reason, StagePlay.Submit(engine, client, task, envelope, report).Reason);
            Assert.True((await PlayAsync(engine, 2, 0.3f, 100)).Verdict.Accepted);
        }
        var summary = await run;
        Assert.Equal(2, summary.RoundsAggregated);
        Assert.Equal(2, summary.UpdatesRejected);
        Assert.Equal(2, summary.RejectionReasons[reason]);
        Assert.Equal(0.4, summary.FinalTestAccuracy, 5);

        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.Equal(2, checkpoint.Round);
        Assert.Equal(6, checkpoint.Clients.Count);
        var metrics = Lines("metrics.csv");
        Assert.Equal(3, metrics.Length);
        Assert.All(metrics.Skip(1), row => Assert.Contains($",{reason}:1,", row));
        Assert.Equal(2, Lines("clients.csv").Count(r => r.Contains($",rejected,{reason},", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnmeasuredValuesAreWrittenAsEmptyFieldsAndNull()
    {
        using var notEvaluating = new NaNEvaluator(Parameters);
        var engine = new StageEngine(new CoordinatorOptions("run-t", "fake", 1, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 1, 2, _directory)
            { Samples = new SampleLimits(TestEngines.SampleLimit) },
            new FedAvg(new FedAvgOptions(), new FitSettings(1, 8, 0.1, Seed: 9)), notEvaluating, _keys.Coordinator, _keys.Registry);
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        for (int client = 0; client < 3; client++)
            Assert.True((await PlayAsync(engine, client, 0.1f, 100)).Verdict.Accepted);
        var summary = await run;
        Assert.True(double.IsNaN(summary.FinalTestAccuracy));

        var checkpoint = new CheckpointStore(_directory, _keys.Coordinator).Load();
        Assert.True(double.IsNaN(checkpoint.Rounds[0].TestAccuracy));
        Assert.True(double.IsNaN(checkpoint.Rounds[0].FederatedAccuracy));
        var header = Lines("metrics.csv")[0].Split(',');
        var row = Lines("metrics.csv")[1].Split(',');
        foreach (var column in new[] { "test_accuracy", "test_loss", "federated_accuracy", "federated_loss" })
            Assert.Equal("", row[Array.IndexOf(header, column)]);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "summary.json")));
        foreach (var field in new[] { "final_test_accuracy", "final_test_loss", "best_test_accuracy" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty(field).ValueKind);
    }

    [Fact]
    public async Task SummaryAndMetricsCountTheSameRejectionsIncludingDuplicates()
    {
        var engine = Engine(rounds: 1, TimeSpan.FromMinutes(5));
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        var client = _keys.Clients[0];
        var (task, _, _) = await StagePlay.NextAsync(engine, client);
        var envelope = StagePlay.SealFit(engine, client, task, new float[Parameters], 100);
        Assert.True(StagePlay.Submit(engine, client, task, envelope).Accepted);
        Assert.Equal(UpdateRejection.Duplicate.ToName(), StagePlay.Submit(engine, client, task, envelope).Reason);
        Assert.True((await PlayAsync(engine, 1, 0.1f, 100)).Verdict.Accepted);
        Assert.True((await PlayAsync(engine, 2, 0.1f, 100)).Verdict.Accepted);
        var summary = await run;

        var header = Lines("metrics.csv")[0].Split(',');
        var row = Lines("metrics.csv")[1].Split(',');
        Assert.Equal("1", row[Array.IndexOf(header, "rejected")]);
        Assert.Equal("duplicate:1", row[Array.IndexOf(header, "rejection_reasons")]);
        Assert.Equal(1, summary.UpdatesRejected);
        Assert.Equal(1, summary.RejectionReasons["duplicate"]);
        Assert.Equal(3, summary.UpdatesAccepted);
    }

    public static TheoryData<string, double, double, long> BadEvaluations => new()
    {
        { "not-finite", 0.5, double.NaN, 10 },
        { "not-finite", double.PositiveInfinity, 0.5, 10 },
        { "report-out-of-range", 0.5, 1.5, 10 },
        { "report-out-of-range", -0.5, 0.5, 10 },
        { "sample-count-out-of-range", 0.5, 0.5, 0 },
        { "sample-count-out-of-range", 0.5, 0.5, TestEngines.SampleLimit + 1 },
    };

    [Theory]
    [MemberData(nameof(BadEvaluations))]
    public async Task AnImpossibleEvaluationReportIsRejectedCountedAndDoesNotHoldTheStage(string reason, double loss, double accuracy, long count)
    {
        var ct = TestContext.Current.CancellationToken;
        // The deadline would outlast the test's hang guard: the stage must close because all replied.
        var engine = Engine(rounds: 1, TimeSpan.FromHours(1), fractionEvaluate: 1.0);
        JoinAll(engine);
        var run = engine.RunAsync(resume: false, ct);
        for (int i = 0; i < 3; i++)
            Assert.True((await PlayAsync(engine, i, 0.3f, 100)).Verdict.Accepted);
        for (int i = 0; i < 3; i++)
        {
            var client = _keys.Clients[i];
            var (task, _, _) = await StagePlay.NextAsync(engine, client);
            Assert.Equal(FitProtocol.EvaluateStage, task.Stage);
            var metrics = i == 1 ? FitMessages.EvaluateMetrics(loss, accuracy, count) : FitMessages.EvaluateMetrics(0.25, 0.5, 100);
            var verdict = StagePlay.Submit(engine, client, task, StagePlay.SealReply(engine, client, task, metrics, StagePayload.Empty));
            Assert.Equal(i == 1 ? reason : null, verdict.Reason);
        }
        await run.WaitAsync(TimeSpan.FromMinutes(2), ct);
        var header = Lines("metrics.csv")[0].Split(',');
        var row = Lines("metrics.csv")[1].Split(',');
        // Only the two sound reports are averaged.
        Assert.Equal("0.5", row[Array.IndexOf(header, "federated_accuracy")]);
        Assert.Contains($"{reason}:1", row[Array.IndexOf(header, "rejection_reasons")]);
        Assert.Equal(1, new CheckpointStore(_directory, _keys.Coordinator).Load().Round);
    }

    /// <summary>A coordinator without a test set: its central evaluation measures nothing.</summary>
    sealed class NaNEvaluator(int parameterCount) : FedHybrid.Federation.Training.IModelEvaluator
    {
        public int ParameterCount { get; } = parameterCount;
        public float[] InitialWeights() => new float[ParameterCount];
        public FedHybrid.Aggregation.EvaluationSummary Evaluate(float[] weights) => new(double.NaN, double.NaN, 0);
        public void Dispose() { }
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
