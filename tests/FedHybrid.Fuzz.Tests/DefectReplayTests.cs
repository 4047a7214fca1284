namespace FedHybrid.Fuzz.Tests;

/// <summary>Inputs of defects the fuzzer found, kept under Defects/ with a test each that shows the defect
/// fixed (UpdatePayload's declared count once wrapped around when multiplied by 4).</summary>
[Collection(nameof(FuzzTargets))]
public sealed class DefectReplayTests
{
    [Fact]
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
