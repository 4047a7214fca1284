using FedHybrid.Federation.Coordinator;

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
        var resumed = new ReplayJournal(_directory.Path);
        Assert.Equal(["a1", "b2"], resumed.Load());
        // The torn tail is gone from the file: an id appended after the crash stays whole.
        resumed.Append("d4");
        Assert.Equal(["a1", "b2", "d4"], new ReplayJournal(_directory.Path).Load());
        journal.Clear();
        Assert.Empty(journal.Load());
    }

    public void Dispose() => _directory.Dispose();
}
