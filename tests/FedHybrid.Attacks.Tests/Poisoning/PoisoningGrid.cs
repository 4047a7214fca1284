using FedHybrid.Attacks.Poisoning;
using FedHybrid.Experiments.Config;
using FedHybrid.Testing;

namespace FedHybrid.Attacks.Tests.Poisoning;

/// <summary>One small poisoning grid, run once for the tests that read it: 5 clients of mlp2nn on the bundled subset,
/// 2 rounds, 2 attackers, every behaviour against FedAvg and the coordinate median.</summary>
public sealed class PoisoningGrid : IAsyncLifetime
{
    public const int Clients = 5, Attackers = 2;
    public const double NormBound = 2.0;

    readonly TempDirectory _runs = new();

    public static ExperimentConfig Config => ExperimentConfigLoader.Parse($$"""
        {
          "run": { "name": "poisoning-test", "seed": 5, "clients": {{Clients}}, "rounds": 2 },
          "data": { "source": "bundled", "partition": "iid" },
          "model": { "name": "mlp2nn" },
          "training": { "local_epochs": 1, "batch_size": 32, "learning_rate": 0.05, "momentum": 0.5 },
          "crypto": { "suite": "hpke-x25519-aes256gcm" }
        }
        """);

    public static PoisoningOptions Options => new()
    {
        Behaviors = ["scale:10", "sign-flip", "label-flip", "backdoor", "backdoor-norm"],
        Attackers = [Attackers],
        Defences = ["fedavg", "median"],
        NormBound = NormBound,
    };

    public IReadOnlyList<PoisoningResult> Results { get; private set; } = [];

    public PoisoningResult Cell(string defence, string behavior) =>
        Results.Single(r => r.Defence == defence && r.Behavior.StartsWith(behavior, StringComparison.Ordinal));

    public async ValueTask InitializeAsync() =>
        Results = await new PoisoningExperiment(Config, Options).RunAsync(_runs.Path, null, _ => { }, CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        _runs.Dispose();
        return ValueTask.CompletedTask;
    }
}
