using FedHybrid.Aggregation.Strategies;
using FedHybrid.Experiments.Config;
using FedHybrid.Experiments.Sweeps;

namespace FedHybrid.Experiments.Tests.Sweeps;

public sealed class SweepGridTests
{
    const string Base = """
        // base
        { "run": { "name": "base", "clients": 4 }, "data": { "source": "bundled" },
          "strategy": { "name": "fedprox", "options": { "proximal_mu": 0.1 } }, }
        """;

    [Fact]
    public void EveryCombinationIsARun_TheFirstAxisSlowest_NamedAfterItsValues_WithTheValuesSet()
    {
        var grid = SweepGrid.Create(Base, [SweepAxis.Parse("strategy.options.proximal_mu=0,0.01"), SweepAxis.Parse("data.partition=iid,dirichlet:0.5")]);

        Assert.Equal(["proximal_mu-0_partition-iid", "proximal_mu-0_partition-dirichlet-0.5", "proximal_mu-0.01_partition-iid", "proximal_mu-0.01_partition-dirichlet-0.5"],
            grid.Points.Select(p => p.Name));
        var last = grid.Points[^1];
        Assert.Equal(0.01, Assert.IsType<FedProxOptions>(last.Config.Strategy.Options).ProximalMu);
        Assert.Equal("dirichlet:0.5", last.Config.Data.Partition);
        Assert.Equal(last.Name, last.Config.Run.Name);
        Assert.Equal(4, last.Config.Run.Clients); // the base config's other values stay
        Assert.Equal([("strategy.options.proximal_mu", "0.01"), ("data.partition", "dirichlet:0.5")], last.Settings);
    }

    [Fact]
    public void AxesThatShareALastSegment_AreNamedByTheirWholePaths_AndAKeyAbsentFromTheFileIsAdded()
    {
        var grid = SweepGrid.Create("""{ "run": { "name": "b" } }""", [SweepAxis.Parse("model.name=mlp2nn,lenet"), SweepAxis.Parse("strategy.name=fedavg,fednova")]);
        Assert.Equal("model.name-lenet_strategy.name-fednova", grid.Points[^1].Name);
        Assert.Equal("lenet", grid.Points[^1].Config.Model.Name);
        Assert.IsType<FedNovaOptions>(grid.Points[^1].Config.Strategy.Options);
    }

    [Fact]
    public void AQuotedValueIsAString_AndANumberWhereAStringBelongsIsRefusedByTheLoader()
    {
        var grid = SweepGrid.Create(Base, [SweepAxis.Parse("model.name=\"lenet\"")]);
        Assert.Equal("name-lenet", grid.Points[0].Name);
        Assert.Equal("lenet", grid.Points[0].Config.Model.Name);

        var e = Assert.Throws<ConfigException>(() => SweepGrid.Create(Base, [SweepAxis.Parse("model.name=7")]));
        Assert.Equal("model.name", e.Field);
        Assert.Contains("(in the run model.name=7)", e.Message);
    }

    [Fact]
    public void EveryInvalidPointIsReported_WithItsValues_AndAnUnknownKeyByItsPath()
    {
        var e = Assert.Throws<ConfigException>(() => SweepGrid.Create(Base, [SweepAxis.Parse("training.learning_rate=0.1,-1,0"), SweepAxis.Parse("model.nmae=1")]));
        Assert.Contains(e.Errors, o => o.Name == "training.learning_rate" && o.Message.Contains("(in the run training.learning_rate=-1, model.nmae=1)", StringComparison.Ordinal));
        Assert.Contains(e.Errors, o => o.Name == "training.learning_rate" && o.Message.Contains("training.learning_rate=0,", StringComparison.Ordinal));
        Assert.Contains(e.Errors, o => o.Name == "model.nmae");
    }

    [Fact]
    public void APathThroughAValue_ARepeatedAxis_AndNamesThatCollide_AreRefused()
    {
        Assert.Equal("run.name", Assert.Throws<ConfigException>(() => SweepGrid.Create(Base, [SweepAxis.Parse("run.name.x=1")])).Field);
        Assert.Contains("varied twice", Assert.Throws<ConfigException>(() => SweepGrid.Create(Base, [SweepAxis.Parse("run.seed=1"), SweepAxis.Parse("run.seed=2")])).Message);
        Assert.Contains("share the folder name 'partition-dirichlet-0.5'",
            Assert.Throws<ConfigException>(() => SweepGrid.Create(Base, [SweepAxis.Parse("data.partition=dirichlet:0.5,\"dirichlet:0.5\"")])).Message);
    }

    [Theory]
    [InlineData("training.learning_rate", "must be PATH=v1,v2")]
    [InlineData("=1,2", "must be PATH=v1,v2")]
    [InlineData("learning_rate=1", "is not a config path")]
    [InlineData("Training.LR=1", "is not a config path")]
    [InlineData("training.learning_rate=1,,2", "has an empty value")]
    [InlineData("training.learning_rate=1,1", "lists '1' twice")]
    [InlineData("run.name=a,b", "run.name cannot be varied")]
    public void AMalformedVaryIsRefusedSayingWhatToGive(string text, string message)
    {
        var e = Assert.Throws<ConfigException>(() => SweepAxis.Parse(text));
        Assert.Equal("--vary", e.Field);
        Assert.Contains(message, e.Message);
    }
}
