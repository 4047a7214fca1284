using System.Security.Cryptography;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Testing;

namespace FedHybrid.Experiments.Tests;

/// <summary>The in-process run the poisoning grid and the secure-aggregation cost benchmark stand on: it returns the final
/// model it published, applies the config's client behaviours, and fails at once, naming the client, when a client breaks.</summary>
public sealed class InProcessSimulationTests : IDisposable
{
    readonly TempDirectory _temp = new();

    static ExperimentConfig Config(IReadOnlyDictionary<string, string>? behaviors = null) => ExperimentConfigLoader.Parse("""
        {
          "run": { "name": "inproc", "seed": 3, "clients": 3, "rounds": 1, "round_deadline_seconds": 600 },
          "data": { "source": "bundled", "partition": "iid" },
          "model": { "name": "mlp2nn" },
          "training": { "local_epochs": 1, "batch_size": 64, "learning_rate": 0.05 }
        }
        """) is var c && behaviors is not null ? c with { Attack = c.Attack with { Behaviors = behaviors } } : c;

    [Fact]
    public async Task It_returns_the_final_model_whose_hash_the_summary_records_and_applies_behaviours()
    {
        var ct = TestContext.Current.CancellationToken;
        var honest = await InProcessSimulation.RunAsync(Config(), Path.Combine(_temp.Path, "honest"), null, _ => { }, ct);
        var bytes = new byte[honest.FinalWeights.Length * sizeof(float)];
        Buffer.BlockCopy(honest.FinalWeights, 0, bytes, 0, bytes.Length);
        Assert.Equal(honest.Summary.FinalModelSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var flipped = await InProcessSimulation.RunAsync(Config(new Dictionary<string, string> { ["client-01"] = "sign-flip" }),
            Path.Combine(_temp.Path, "flipped"), null, _ => { }, ct);
        Assert.NotEqual(honest.Summary.FinalModelSha256, flipped.Summary.FinalModelSha256);
        Assert.Equal(3, flipped.Summary.UpdatesAccepted); // a sign-flipped update is well formed: only its effect differs
    }

    sealed class BrokenFit : IStageHandler
    {
        public string Stage => new FitHandler().Stage;

        public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the trainer broke");
    }

    [Fact]
    public async Task A_client_that_breaks_fails_the_run_naming_it_instead_of_leaving_the_round_to_its_deadline()
    {
        var failure = await Assert.ThrowsAsync<SimulationFailedException>(() => InProcessSimulation.RunAsync(Config(), Path.Combine(_temp.Path, "broken"),
            id => id == "client-02" ? [new BrokenFit(), new EvaluateHandler()] : [new FitHandler(), new EvaluateHandler()], _ => { }, TestContext.Current.CancellationToken));
        Assert.Contains("client client-02 failed: the trainer broke", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
