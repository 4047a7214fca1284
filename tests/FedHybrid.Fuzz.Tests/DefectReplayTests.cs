namespace FedHybrid.Fuzz.Tests;

/// <summary>Inputs of defects the fuzzer found in code other helpers own, kept under Defects/ and skipped
/// until the owner fixes them; then the Skip goes and the input moves to Corpus/.</summary>
[Collection(nameof(FuzzTargets))]
public sealed class DefectReplayTests
{
    [Fact(Skip = "Defect in src/FedHybrid.Federation/Payloads/UpdatePayload.cs:38 (left for its owner): `count * sizeof(float)` is computed in a long, so a declared count of 2^62 wraps to 0 and this empty 24-byte payload is accepted while reporting 4,611,686,018,427,387,904 parameters (the coordinator then rejects it as wrong-size instead of malformed).")]
    public async Task AnUpdateDeclaringTwoToTheSixtySecondParametersIsRefusedAsMalformed()
    {
        var outcome = await KeptCorpus.ReplayAsync("update-payload", KeptCorpus.Read("Defects", "update-payload", "declared-count-wraps-2pow62"));
        Assert.False(outcome.Accepted);
    }

    [Fact]
    public void EveryKeptDefectInputHasATest()
    {
        // One test per input above; a new input without a test would never be replayed.
        Assert.Equal([("update-payload", "declared-count-wraps-2pow62")], KeptCorpus.Files("Defects"));
    }
}
