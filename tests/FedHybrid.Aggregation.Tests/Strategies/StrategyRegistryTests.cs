using System.Text.Json;
using System.Text.RegularExpressions;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class StrategyRegistryTests
{
    [Fact]
    public void EveryStrategyIsFoundByItsNameAndMadeFromItsDefaultOptions()
    {
        Assert.Equal(["fedavg", "fedavgm", "fedprox", "fedadagrad", "fedadam", "fedyogi", "scaffold", "fednova",
            "median", "trimmed-mean", "krum", "geometric-median", "norm-bounding"], StrategyRegistry.Names);
        foreach (var descriptor in StrategyRegistry.All)
        {
            Assert.Same(descriptor, StrategyRegistry.Find(descriptor.Name));
            var strategy = descriptor.Create(descriptor.DefaultOptions(), FitRounds.Settings);
            Assert.Equal(descriptor.Name, strategy.Name);
        }
        var unknown = Assert.Throws<UnknownStrategyException>(() => StrategyRegistry.Find("fedsgd"));
        Assert.Contains("fedavg, fedavgm", unknown.Message);
    }

    [Fact]
    public void RulesThatNeedEachUpdateSayWhyAMaskedSumCannotServeThem()
    {
        foreach (var name in new[] { "median", "trimmed-mean", "krum", "geometric-median" })
            Assert.Contains("masked sum", StrategyRegistry.Find(name).MaskedSumRefusal);
        // Norm bounding runs under masking by client-side clipping (docs/strategies.md says what that bounds).
        Assert.Null(StrategyRegistry.Find("norm-bounding").MaskedSumRefusal);
        Assert.Null(StrategyRegistry.Find("fedavg").MaskedSumRefusal);
    }

    [Fact]
    public void OptionsOfAnotherStrategyAreRefused()
    {
        Assert.Throws<ArgumentException>(() => StrategyRegistry.Find("fedadam").Create(new FedAvgOptions(), FitRounds.Settings));
    }

    [Fact]
    public void OptionsBindFromSnakeCaseJsonWithCommentsAndTrailingCommas()
    {
        using var json = JsonDocument.Parse("""
            { // FedAdam, tuned
              "eta": 0.05, "beta_1": 0.8, "tau": 1e-4, "fraction_fit": 0.5, "min_updates": 2,
            }
            """, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var options = Assert.IsType<FedAdamOptions>(StrategyRegistry.Find("fedadam").BindOptions(json.RootElement));
        Assert.Equal(new FedAdamOptions { Eta = 0.05, Beta1 = 0.8, Tau = 1e-4, FractionFit = 0.5, MinUpdates = 2 }, options);
        Assert.Equal(new FedAvgOptions(), StrategyRegistry.Find("fedavg").BindOptions(default));
    }

    [Fact]
    public void ABadValueIsReportedWithItsNameAndTheAllowedRange()
    {
        using var json = JsonDocument.Parse("""{ "beta_1": 1.0 }""");
        var error = Assert.Throws<StrategyOptionsException>(() => StrategyRegistry.Find("fedadam").BindOptions(json.RootElement));
        var only = Assert.Single(error.Errors);
        Assert.Equal("beta_1", only.Name);
        Assert.Equal("must be in [0, 1), got 1", only.Message);
        Assert.Equal("beta_1 must be in [0, 1), got 1", only.ToString());
    }

    [Fact]
    public void EveryProblemOfTheOptionsIsReportedAtOnce()
    {
        using var json = JsonDocument.Parse("""{ "eta": "fast", "betaone": 0.9, "tau": 0, "min_fit_clients": 0, "beta_2": 0.5, "beta_2": 0.6 }""");
        var error = Assert.Throws<StrategyOptionsException>(() => StrategyRegistry.Find("fedyogi").BindOptions(json.RootElement));
        Assert.Equal(["eta", "betaone", "beta_2"], error.Errors.Select(e => e.Name));
        Assert.Equal("must be a finite number, got \"fast\"", error.Errors[0].Message);
        Assert.StartsWith("is not an option (valid: ", error.Errors[1].Message);
        Assert.Equal("is given more than once", error.Errors[2].Message);

        // Once the types are right, every broken rule is listed.
        using var ranges = JsonDocument.Parse("""{ "tau": 0, "min_fit_clients": 0, "fraction_evaluate": 1.5 }""");
        var rules = Assert.Throws<StrategyOptionsException>(() => StrategyRegistry.Find("fedyogi").BindOptions(ranges.RootElement));
        Assert.Equal(["min_fit_clients must be >= 1, got 0", "fraction_evaluate must be in [0, 1], got 1.5", "tau must be > 0, got 0"],
            rules.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void EveryOptionHasASnakeCaseNameAndItsDefaultWrittenOut()
    {
        foreach (var descriptor in StrategyRegistry.All)
        {
            using var written = JsonDocument.Parse(StrategyOptions.ToJson(descriptor.DefaultOptions()));
            var names = written.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Contains("fraction_fit", names);
            Assert.All(names, n => Assert.Matches(new Regex("^[a-z]+[a-z0-9]*(_[a-z0-9]+)*$"), n));
            // What is written binds back to the same record.
            Assert.Equal(descriptor.DefaultOptions(), descriptor.BindOptions(written.RootElement));
        }
    }
}
