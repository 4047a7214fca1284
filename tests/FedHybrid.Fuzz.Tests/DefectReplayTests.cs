namespace FedHybrid.Fuzz.Tests;

/// <summary>Inputs of defects the fuzzer found, kept under Defects/ with a test each that shows the defect
/// fixed. The update payload whose declared count of 2^62 once wrapped around when multiplied by 4 is gone
/// with the stage messages that replaced it; its bytes stay, refused by the stage-message decoder, whose
/// element counts are compared by division (PayloadCodecProperties generates such counts).</summary>
[Collection(nameof(FuzzTargets))]
public sealed class DefectReplayTests
{
    [Fact]
    public async Task AnUpdateDeclaringTwoToTheSixtySecondParametersIsRefusedAsMalformed()
    {
        var outcome = await KeptCorpus.ReplayAsync("stage-message", KeptCorpus.Read("Defects", "stage-message", "declared-count-wraps-2pow62"));
        Assert.False(outcome.Accepted);
    }

    [Fact]
    public void EveryKeptDefectInputHasATest()
    {
        // One test per input above; a new input without a test would never be replayed.
        Assert.Equal([("stage-message", "declared-count-wraps-2pow62")], KeptCorpus.Files("Defects"));
    }
}
