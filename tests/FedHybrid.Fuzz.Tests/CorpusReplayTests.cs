namespace FedHybrid.Fuzz.Tests;

/// <summary>Replays the kept afl-fuzz corpus through the same target code the fuzzer ran (no afl++ needed):
/// every input must end in success or the typed rejection its parser names. The targets share scratch
/// files and a coordinator, so the replay classes run one test at a time.</summary>
[Collection(nameof(FuzzTargets))]
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, file) in KeptCorpus.Files("Corpus")) data.Add(target, file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task CorpusInputEndsInSuccessOrATypedRejection(string target, string file)
    {
        // Execute rethrows anything but the target's typed rejections; the outcome itself is either.
        var outcome = await KeptCorpus.ReplayAsync(target, KeptCorpus.Read("Corpus", target, file));
        Assert.True(outcome.Accepted || FuzzTargets.Find(target).IsRejection(outcome.Rejection!), outcome.ToString());
    }

    [Fact]
    public void EveryTargetHasAKeptCorpus()
    {
        var kept = KeptCorpus.Files("Corpus").Select(f => f.Target).ToHashSet(StringComparer.Ordinal);
        Assert.All(FuzzTargets.All, t => Assert.Contains(t.Name, kept));
        Assert.All(kept, name => FuzzTargets.Find(name));
    }

    /// <summary>The seeds are real artefacts: each target accepts some, so the harness reaches its parser's
    /// success path (this fails if, say, the kept kits' certificates expire or the keys stop matching).</summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void SomeRealArtefactIsAcceptedByTheTarget(string target)
    {
        var fuzzTarget = FuzzTargets.Find(target);
        var outcomes = fuzzTarget.Seeds().Select(s => (s.Name, Outcome: FuzzTargets.Execute(fuzzTarget, s.Data))).ToList();
        Assert.NotEmpty(outcomes);
        Assert.Contains(outcomes, o => o.Outcome.Accepted);
    }

    public static TheoryData<string> Targets() => new(FuzzTargets.All.Select(t => t.Name));
}
