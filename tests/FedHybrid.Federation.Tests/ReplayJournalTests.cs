using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Tests.Lab;

namespace FedHybrid.Federation.Tests;

public sealed class ReplayJournalTests : IDisposable
{
    readonly TempDirectory _directory = new();

    [Fact]
    public void IdsSurviveInTheFileATornLastLineIsIgnoredAndClearEmptiesIt()
    {
        var journal = new ReplayJournal(_directory.Path);
        Assert.Empty(journal.Load());
        var guard = new ReplayGuard(["old"], journal);
        Assert.True(guard.TryRecord("a1"));
        Assert.False(guard.TryRecord("a1"));
        Assert.False(guard.TryRecord("old"));
        Assert.True(guard.TryRecord("b2"));
        File.AppendAllText(journal.Path, "c3-cut-sho"); // a crash in the middle of an append
        Assert.Equal(["a1", "b2"], new ReplayJournal(_directory.Path).Load());
        journal.Clear();
        Assert.Empty(journal.Load());
    }

    public void Dispose() => _directory.Dispose();
}
