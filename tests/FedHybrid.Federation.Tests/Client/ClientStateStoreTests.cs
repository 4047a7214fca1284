using FedHybrid.Federation.Client.Stages;

namespace FedHybrid.Federation.Tests.Client;

public sealed class ClientStateStoreTests : IDisposable
{
    readonly TestKeys _keys = new(2);
    readonly TempDirectory _directory = new();

    ClientStateStore Store(int client = 0, string run = "run-s") => new(_directory.Path, _keys.Clients[client], run);

    [Fact]
    public void AStoreOpenedAfterARestartReadsTheNewestStateOfAnEarlierRound()
    {
        Store().Save("c", 1, [1f, 2f]);
        Store().Save("c", 2, [3f, 4f]);
        var restarted = Store();
        Assert.Equal([3f, 4f], restarted.Load("c", 3)!);
        Assert.Equal([1f, 2f], restarted.Load("c", 2)!); // a round run again after a resume starts where it first did
        Assert.Null(restarted.Load("c", 1));
        Assert.Null(restarted.Load("other", 3));
    }

    [Fact]
    public void OnlyTheHistoryARoundCanNeedIsKept()
    {
        for (int round = 1; round <= 5; round++)
            Store().Save("c", round, [round]);
        Assert.Equal(2, Directory.GetFiles(_directory.Path, "c.r*.sealed").Length);
        Assert.Equal([5f], Store().Load("c", 6)!);
    }

    [Fact]
    public void ATamperedStateIsRefusedNamingTheFileAndHowToRecover()
    {
        Store().Save("c", 1, [1f, 2f]);
        var path = Directory.GetFiles(_directory.Path).Single();
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 1;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ClientStateException>(() => Store().Load("c", 2));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        Assert.Contains("removing it restarts", error.Message);
    }

    [Fact]
    public void AnotherClientsOrRunsStateIsRefused()
    {
        Store(client: 0).Save("c", 1, [1f]);
        Assert.Throws<ClientStateException>(() => Store(client: 1).Load("c", 2));
        Assert.Contains("run 'other'", Assert.Throws<ClientStateException>(() => Store(run: "other").Load("c", 2)).Message);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _directory.Dispose();
    }
}
