using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Federation.Tests;

public sealed class ReplayJournalTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "fedhybrid-journal-" + Guid.NewGuid().ToString("n")[..10]);

    [Fact]
    public void IdsSurviveInTheFileATornLastLineIsIgnoredAndClearEmptiesIt()
    {
        var journal = new ReplayJournal(_directory);
        Assert.Empty(journal.Load());
        var guard = new ReplayGuard(["old"], journal);
        Assert.True(guard.TryRecord("a1"));
        Assert.False(guard.TryRecord("a1"));
        Assert.False(guard.TryRecord("old"));
        Assert.True(guard.TryRecord("b2"));
        File.AppendAllText(journal.Path, "c3-cut-sho"); // a crash in the middle of an append
        Assert.Equal(["a1", "b2"], new ReplayJournal(_directory).Load());
        journal.Clear();
        Assert.Empty(journal.Load());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
