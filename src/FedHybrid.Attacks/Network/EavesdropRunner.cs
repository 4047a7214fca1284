using System.Diagnostics;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// The eavesdropper (issue 15, item 1): runs the config through a recording proxy and recovers what it can of
/// every fit update from the captured bytes alone. The true updates come from a plaintext run of the same config
/// (suite none, same seed, hence the same deltas: sealing never changes the model), run beside it through the
/// proxy too, unless <see cref="PlaintextReference"/> supplies one; under suite none the decoded updates are the truth.
/// </summary>
public sealed class EavesdropRunner(ExperimentConfig config, SimulationOptions options)
{
    public const string PlaintextSuite = "none";

    /// <summary>A report of a suite-none run of the same config whose updates serve as the truth (saves a run per suite).</summary>
    public EavesdropReport? PlaintextReference { get; init; }

    public double RelativeTolerance { get; init; } = EavesdropAnalysis.DefaultRelativeTolerance;

    /// <summary>The run whose decoded replies are the truth the capture is scored against: the config under suite none.
    /// Secure aggregation needs a real suite (its pairwise secrets travel by the suite's KEM), so the twin of a
    /// secure-aggregation config runs without it, and without distributed DP, which stands on it.</summary>
    public static ExperimentConfig PlaintextTwin(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var plaintext = config with { Crypto = config.Crypto with { Suite = PlaintextSuite } };
        if (!config.SecureAggregation.Enabled)
            return plaintext;
        return plaintext with
        {
            SecureAggregation = config.SecureAggregation with { Enabled = false },
            Privacy = config.Privacy.Mechanism == PrivacyMechanism.DistributedDp ? new PrivacySection() : config.Privacy,
        };
    }

    public async Task<EavesdropReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var attacked = await ProxiedSimulation.RunAsync(config, options, TamperPlan.None, cancellationToken).ConfigureAwait(false);
        // Under secure aggregation the update travels, masked, in the masked-fit stage: that is what the wire carries.
        var recovered = UpdateRecovery.FromCapture(attacked.Capture,
            config.SecureAggregation.Enabled ? Aggregation.SecureAggregation.Protocol.SecAggProtocol.MaskedFitStage : "fit");
        IReadOnlyList<RecoveredUpdate> truth;
        string source;
        Federation.Coordinator.RunSummary? reference = null;
        if (config.Crypto.Suite == PlaintextSuite)
        {
            (truth, source) = (recovered, "the decoded plaintext replies themselves (suite none)");
        }
        else if (PlaintextReference is { } given)
        {
            (truth, source, reference) = (given.Recovered, $"the given plaintext run {given.Attacked.RunId}", given.Attacked);
        }
        else
        {
            var plaintext = PlaintextTwin(config);
            var run = await ProxiedSimulation.RunAsync(plaintext, ProxiedSimulation.Beside(options, config, "plaintext-reference"), TamperPlan.None, cancellationToken).ConfigureAwait(false);
            var what = config.SecureAggregation.Enabled
                ? "a plaintext run of the same config and seed without secure aggregation (suite none has no KEM to carry its pairwise secrets): the clients' unmasked updates,"
                : "a plaintext run of the same config and seed";
            (truth, source, reference) = (UpdateRecovery.FromCapture(run.Capture), $"{what} in {run.RunDirectory}", run.Summary);
        }
        var result = EavesdropAnalysis.Score(config.Crypto.Suite, recovered, EavesdropAnalysis.Truth(truth), RelativeTolerance);
        return new EavesdropReport(result, source, attacked.Summary, reference, attacked.Capture.Traffic(), recovered, clock.Elapsed.TotalSeconds);
    }
}
