using FedHybrid.Federation.Coordinator;
using FedHybrid.Experiments;

namespace FedHybrid.Experiments.Tests;

public sealed class SuiteCostTests
{
    const string Header = "round,rejection_reasons,round_ms,client_train_ms,seal_publish_ms,client_download_open_ms,client_seal_ms,upload_ms,open_check_ms";

    [Fact]
    public void MetricsFileReadsNumbersByHeaderAndSkipsQuotedText()
    {
        var path = Write(Header, "1,\"tampered: 1, replayed: 2\",5000,4000,10,20,30,40,50");
        var rows = MetricsFile.Read(path);
        Assert.Single(rows);
        Assert.Equal(5000, rows[0]["round_ms"]);
        Assert.Equal(50, rows[0]["open_check_ms"]);
        Assert.False(rows[0].ContainsKey("rejection_reasons"));
    }

    [Fact]
    public void RoundOneIsLeftOutWhenThereAreMoreRounds()
    {
        var path = Write(Header, "1,,9000,1,1,1,1,1,1", "2,,1000,800,2,4,6,8,10", "3,,3000,1200,4,6,8,10,12");
        var cost = SuiteCost.From("x", 1, MetricsFile.Read(path), "hash");
        Assert.Equal(2, cost.RoundsCounted);
        Assert.Equal(2000, cost.RoundMs);
        Assert.Equal(1000, cost.TrainMs);
        Assert.Equal(3 + 5 + 7 + 9 + 11, cost.CryptoAndTransferMs);
    }

    [Fact]
    public void ASingleRoundRunCountsThatRound()
    {
        var cost = SuiteCost.From("x", 1, MetricsFile.Read(Write(Header, "1,,9000,1,1,1,1,1,1")), "hash");
        Assert.Equal(1, cost.RoundsCounted);
        Assert.Equal(9000, cost.RoundMs);
    }

    [Fact]
    public void ARunWithoutRoundsIsAnError()
    {
        var error = Assert.Throws<InvalidDataException>(() => SuiteCost.From("none", 1, MetricsFile.Read(Write(Header)), "hash"));
        Assert.Contains("none", error.Message);
    }

    static string Write(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fedhybrid-metrics-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
