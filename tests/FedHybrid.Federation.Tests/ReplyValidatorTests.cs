using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests;

public sealed class ReplyValidatorTests : IDisposable
{
    const string Run = "run-1";
    const int Parameters = 64;
    static readonly ExpectedReply FitOfRound1 = new(1, "fit", "run-1/r1/s1-fit");
    readonly TestKeys _keys = new(2);
    readonly ReplayGuard _replays = new();
    readonly ReplyValidator _validator;

    public ReplyValidatorTests() => _validator = new ReplyValidator(_keys.Coordinator, _replays, Run, 1 << 16,
        new SampleLimits(1000, new Dictionary<string, long> { ["client-2"] = 50 }));

    static ExpectedReply Fit(int round) => new(round, "fit", $"run-1/r{round}/s1-fit");

    byte[] Seal(int clientIndex, int round, float[] delta, long samples = 10, string run = Run, StageConfig? metrics = null,
        StageMessageKind kind = StageMessageKind.Reply, string stage = "fit", string? taskId = null, string? party = null, int? sealedRound = null)
    {
        var client = _keys.Clients[clientIndex];
        var message = new StageMessage(kind, run, round, stage, taskId ?? Fit(round).TaskId, party ?? client.Identity.Id,
            metrics ?? StagePlay.FitMetrics(samples), StagePayload.OfVectors((FitProtocol.Delta, delta)));
        return client.SealReply(new EnvelopeContext(run, sealedRound ?? round, client.Identity.Id), StageMessageCodec.Encode(message), _keys.Coordinator.Identity);
    }

    static float[] Delta(int length = Parameters) => Enumerable.Range(0, length).Select(i => i * 0.01f).ToArray();

    PublicIdentity Client(int i) => _keys.Clients[i].Identity;

    [Fact]
    public void AnHonestReplyIsAcceptedWithItsPayloadAndMetrics()
    {
        var verdict = _validator.Validate(Client(0), Fit(3), Seal(0, 3, Delta(), samples: 123));
        Assert.True(verdict.Accepted, verdict.Detail);
        Assert.Equal(Delta(), verdict.Reply!.Payload.Vectors[FitProtocol.Delta]);
        Assert.Equal(123, verdict.Reply.Metrics.Integer(FitProtocol.SampleCount));
        Assert.Equal("client-1", verdict.Reply.ClientId);
    }

    [Fact]
    public void AFlippedByteAnywhereIsUnauthenticated()
    {
        var envelope = Seal(0, 1, Delta());
        foreach (int position in new[] { 5, envelope.Length / 3, envelope.Length / 2, envelope.Length - 3 })
        {
            var tampered = (byte[])envelope.Clone();
            tampered[position] ^= 0x40;
            Assert.Equal(UpdateRejection.Unauthenticated.ToName(), _validator.Validate(Client(0), FitOfRound1, tampered).Reason);
        }
    }

    [Fact]
    public void AReplySealedByAnotherClientIsRefused()
    {
        var verdict = _validator.Validate(Client(0), FitOfRound1, Seal(1, 1, Delta()));
        Assert.False(verdict.Accepted);
        Assert.Equal(UpdateRejection.Unauthenticated.ToName(), verdict.Reason);
    }

    [Fact]
    public void AReplayedEnvelopeIsRejectedEvenInALaterRound()
    {
        var envelope = Seal(0, 1, Delta());
        Assert.True(_validator.Validate(Client(0), FitOfRound1, envelope).Accepted);
        Assert.Equal(UpdateRejection.Replayed.ToName(), _validator.Validate(Client(0), FitOfRound1, envelope).Reason);
        Assert.Equal(UpdateRejection.Replayed.ToName(), _validator.Validate(Client(0), Fit(2), envelope).Reason);
    }

    [Fact]
    public void AStaleRoundOrAnotherRunIsRejected()
    {
        Assert.Equal(UpdateRejection.WrongRound.ToName(), _validator.Validate(Client(0), Fit(5), Seal(0, 4, Delta())).Reason);
        Assert.Equal(UpdateRejection.WrongRun.ToName(), _validator.Validate(Client(0), Fit(5), Seal(0, 5, Delta(), run: "other-run")).Reason);
    }

    [Fact]
    public void AReplyToAnotherStageOrTaskOrAsAnotherKindIsRefused()
    {
        Assert.Equal(UpdateRejection.WrongStage.ToName(), _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, Delta(), stage: "evaluate")).Reason);
        Assert.Equal(UpdateRejection.WrongStage.ToName(), _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, Delta(), taskId: "run-1/r1/s2-fit")).Reason);
        Assert.Equal(UpdateRejection.Malformed.ToName(), _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, Delta(), kind: StageMessageKind.Instruction)).Reason);
        Assert.Equal(UpdateRejection.Malformed.ToName(), _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, Delta(), party: "client-2")).Reason);
        // The stage message's own round must agree with the envelope's.
        Assert.Equal(UpdateRejection.Malformed.ToName(), _validator.Validate(Client(0), Fit(2), Seal(0, 1, Delta(), sealedRound: 2)).Reason);
    }

    [Fact]
    public void NotFiniteVectorsOrMetricsBadSamplesAndOversizeAreRejectedWithReasons()
    {
        var nan = Delta();
        nan[17] = float.NaN;
        var verdict = _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, nan));
        Assert.Equal(UpdateRejection.NotFinite.ToName(), verdict.Reason);
        Assert.Contains("NaN", verdict.Detail);
        var infinite = Delta();
        infinite[0] = float.NegativeInfinity;
        Assert.Equal(UpdateRejection.NotFinite.ToName(), _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, infinite)).Reason);
        foreach (var loss in new[] { double.NaN, double.PositiveInfinity })
        {
            var reported = _validator.Validate(Client(0), FitOfRound1, Seal(0, 1, Delta(), metrics: StagePlay.FitMetrics(10, loss)));
            Assert.Equal(UpdateRejection.NotFinite.ToName(), reported.Reason);
            Assert.Contains(FitProtocol.TrainLoss, reported.Detail);
        }
        Assert.Equal(UpdateRejection.TooLarge.ToName(), _validator.Validate(Client(0), FitOfRound1, new byte[(1 << 16) + 1]).Reason);
    }

    [Fact]
    public void ASampleCountMustBePositiveAndWithinTheClientsLimit()
    {
        // client-2 is known to hold 50 samples; client-1 is bounded by the general limit of 1000.
        Assert.True(_validator.Validate(Client(1), FitOfRound1, Seal(1, 1, Delta(), samples: 50)).Accepted);
        Assert.True(_validator.Validate(Client(0), FitOfRound1, Seal(0, 1, Delta(), samples: 1000)).Accepted);
        foreach (var (client, samples) in new[] { (1, 51L), (1, 0L), (1, -5L), (0, 1001L), (0, long.MaxValue) })
        {
            var verdict = _validator.Validate(Client(client), FitOfRound1, Seal(client, 1, Delta(), samples));
            Assert.Equal(UpdateRejection.SampleCountOutOfRange.ToName(), verdict.Reason);
            Assert.Contains($"sample count {samples}", verdict.Detail);
        }
        Assert.Equal("sample-count-out-of-range", UpdateRejection.SampleCountOutOfRange.ToName());
    }

    [Fact]
    public void APayloadThatIsNotAStageMessageIsMalformed()
    {
        var envelope = _keys.Clients[0].SealReply(new EnvelopeContext(Run, 1, Client(0).Id), ModelPayload.Encode(Delta()), _keys.Coordinator.Identity);
        Assert.Equal(UpdateRejection.Malformed.ToName(), _validator.Validate(Client(0), FitOfRound1, envelope).Reason);
    }

    [Fact]
    public void GarbageIsUnauthenticatedNotAnException()
    {
        Assert.Equal(UpdateRejection.Unauthenticated.ToName(), _validator.Validate(Client(0), FitOfRound1, new byte[100]).Reason);
        Assert.Equal(UpdateRejection.Unauthenticated.ToName(), _validator.Validate(Client(0), FitOfRound1, []).Reason);
    }

    [Fact]
    public void RejectionNamesAreKebabCase()
    {
        Assert.Equal("not-finite", UpdateRejection.NotFinite.ToName());
        Assert.Equal("replayed", UpdateRejection.Replayed.ToName());
        Assert.Equal("wrong-stage", UpdateRejection.WrongStage.ToName());
    }

    public void Dispose() => _keys.Dispose();
}
