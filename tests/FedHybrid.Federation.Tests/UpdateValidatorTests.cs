using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests;

public sealed class UpdateValidatorTests : IDisposable
{
    const string Run = "run-1";
    const int Parameters = 64;
    readonly TestKeys _keys = new(2);
    readonly ReplayGuard _replays = new();
    readonly UpdateValidator _validator;

    public UpdateValidatorTests() => _validator = new UpdateValidator(_keys.Coordinator, _replays, Run, Parameters, 1 << 16,
        new SampleLimits(1000, new Dictionary<string, long> { ["client-2"] = 50 }), TimeSpan.FromMinutes(1));

    byte[] Seal(int clientIndex, long round, float[] delta, long samples = 10, string run = Run) =>
        _keys.Clients[clientIndex].SealUpdate(new EnvelopeContext(run, round, _keys.Clients[clientIndex].Identity.Id),
            UpdatePayload.Encode(delta, samples), _keys.Coordinator.Identity);

    static float[] Delta(int length = Parameters) => Enumerable.Range(0, length).Select(i => i * 0.01f).ToArray();

    PublicIdentity Client(int i) => _keys.Clients[i].Identity;

    [Fact]
    public void AnHonestUpdateIsAcceptedWithItsDeltaAndSampleCount()
    {
        var verdict = _validator.Validate(Client(0), 3, Seal(0, 3, Delta(), samples: 123));
        Assert.True(verdict.Accepted, verdict.Detail);
        Assert.Equal(Delta(), verdict.Delta);
        Assert.Equal(123, verdict.SampleCount);
    }

    [Fact]
    public void ReportedValuesAreAcceptedUpToTheirBoundsAndRefusedBeyondNamingTheField()
    {
        double minute = TimeSpan.FromMinutes(1).TotalMilliseconds;
        Assert.Null(_validator.CheckReport(new ClientReport(0, minute, 0, minute, 0, 0)));
        var late = _validator.CheckReport(new ClientReport(0, 0, 0, minute + 1, 0, 0.1))!;
        Assert.Equal(UpdateRejection.ReportOutOfRange, late.Reason);
        Assert.Contains("timings.train_ms", late.Detail);
        var nan = _validator.CheckReport(new ClientReport(0, 0, double.NaN, 0, 0, 0.1))!;
        Assert.Equal(UpdateRejection.NotFinite, nan.Reason);
        Assert.Contains("timings.open_ms", nan.Detail);

        Assert.Null(_validator.CheckEvaluation("client-2", new(0, 1, 50)));
        Assert.Null(_validator.CheckEvaluation("client-1", new(0, 0, 1000)));
        // client-2 may claim at most 50 samples, others the 1000 of the run.
        Assert.Equal(UpdateRejection.ReportOutOfRange, _validator.CheckEvaluation("client-2", new(0, 1, 51))?.Reason);
        Assert.Equal(UpdateRejection.ReportOutOfRange, _validator.CheckEvaluation("client-1", new(0, 1.0000001, 10))?.Reason);
        Assert.Equal(UpdateRejection.NotFinite, _validator.CheckEvaluation("client-1", new(double.NegativeInfinity, 0.5, 10))?.Reason);
    }

    [Fact]
    public void AFlippedByteAnywhereIsUnauthenticated()
    {
        var envelope = Seal(0, 1, Delta());
        foreach (int position in new[] { 5, envelope.Length / 3, envelope.Length / 2, envelope.Length - 3 })
        {
            var tampered = (byte[])envelope.Clone();
            tampered[position] ^= 0x40;
            var verdict = _validator.Validate(Client(0), 1, tampered);
            Assert.Equal(UpdateRejection.Unauthenticated, verdict.Reason);
        }
    }

    [Fact]
    public void AnUpdateSealedByAnotherClientIsRefused()
    {
        var verdict = _validator.Validate(Client(0), 1, Seal(1, 1, Delta()));
        Assert.False(verdict.Accepted);
        Assert.Equal(UpdateRejection.Unauthenticated, verdict.Reason);
    }

    [Fact]
    public void AReplayedEnvelopeIsRejectedEvenInALaterRound()
    {
        var envelope = Seal(0, 1, Delta());
        Assert.True(_validator.Validate(Client(0), 1, envelope).Accepted);
        Assert.Equal(UpdateRejection.Replayed, _validator.Validate(Client(0), 1, envelope).Reason);
        Assert.Equal(UpdateRejection.Replayed, _validator.Validate(Client(0), 2, envelope).Reason);
    }

    [Fact]
    public void AStaleRoundOrAnotherRunIsRejected()
    {
        Assert.Equal(UpdateRejection.WrongRound, _validator.Validate(Client(0), 5, Seal(0, 4, Delta())).Reason);
        Assert.Equal(UpdateRejection.WrongRun, _validator.Validate(Client(0), 5, Seal(0, 5, Delta(), run: "other-run")).Reason);
    }

    [Fact]
    public void WrongSizeNotFiniteBadSamplesAndOversizeAreRejectedWithReasons()
    {
        Assert.Equal(UpdateRejection.WrongSize, _validator.Validate(Client(0), 1, Seal(0, 1, Delta(Parameters - 1))).Reason);
        var nan = Delta();
        nan[17] = float.NaN;
        var verdict = _validator.Validate(Client(0), 1, Seal(0, 1, nan));
        Assert.Equal(UpdateRejection.NotFinite, verdict.Reason);
        Assert.Contains("NaN", verdict.Detail);
        var infinite = Delta();
        infinite[0] = float.NegativeInfinity;
        Assert.Equal(UpdateRejection.NotFinite, _validator.Validate(Client(0), 1, Seal(0, 1, infinite)).Reason);
        Assert.Equal(UpdateRejection.TooLarge, _validator.Validate(Client(0), 1, new byte[(1 << 16) + 1]).Reason);
    }

    [Fact]
    public void ASampleCountMustBePositiveAndWithinTheClientsLimit()
    {
        // client-2 is known to hold 50 samples; client-1 is bounded by the general limit of 1000.
        Assert.True(_validator.Validate(Client(1), 1, Seal(1, 1, Delta(), samples: 50)).Accepted);
        Assert.True(_validator.Validate(Client(0), 1, Seal(0, 1, Delta(), samples: 1000)).Accepted);
        foreach (var (client, samples) in new[] { (1, 51L), (1, 0L), (1, -5L), (0, 1001L), (0, long.MaxValue) })
        {
            var verdict = _validator.Validate(Client(client), 1, Seal(client, 1, Delta(), samples));
            Assert.Equal(UpdateRejection.SampleCountOutOfRange, verdict.Reason);
            Assert.Contains($"sample count {samples}", verdict.Detail);
        }
        Assert.Equal("sample-count-out-of-range", UpdateRejection.SampleCountOutOfRange.ToName());
    }

    [Fact]
    public void APayloadThatIsNotAnUpdateIsMalformed()
    {
        var envelope = _keys.Clients[0].SealUpdate(new EnvelopeContext(Run, 1, Client(0).Id), ModelPayload.Encode(Delta()), _keys.Coordinator.Identity);
        Assert.Equal(UpdateRejection.Malformed, _validator.Validate(Client(0), 1, envelope).Reason);
    }

    [Fact]
    public void GarbageIsUnauthenticatedNotAnException()
    {
        Assert.Equal(UpdateRejection.Unauthenticated, _validator.Validate(Client(0), 1, new byte[100]).Reason);
        Assert.Equal(UpdateRejection.Unauthenticated, _validator.Validate(Client(0), 1, []).Reason);
    }

    [Fact]
    public void RejectionNamesAreKebabCase()
    {
        Assert.Equal("not-finite", UpdateRejection.NotFinite.ToName());
        Assert.Equal("replayed", UpdateRejection.Replayed.ToName());
        Assert.Equal("wrong-round", UpdateRejection.WrongRound.ToName());
    }

    public void Dispose() => _keys.Dispose();
}
