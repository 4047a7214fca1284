using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Network;

/// <summary>Runs a real simulation (<see cref="SimulationRunner"/>: the coordinator on loopback h2c, one process
/// per client) with an <see cref="InterceptingProxy"/> between the clients and the coordinator.</summary>
public static class ProxiedSimulation
{
    public static async Task<ProxiedRun> RunAsync(ExperimentConfig config, SimulationOptions options, TamperPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var capture = new WireCapture();
        InterceptingProxy? proxy = null;
        var routed = options with
        {
            ClientRoute = async (coordinator, token) =>
            {
                proxy = await InterceptingProxy.StartAsync(coordinator, capture, plan, token).ConfigureAwait(false);
                return proxy.Address;
            },
        };
        try
        {
            var runner = new SimulationRunner(config, routed);
            var summary = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
            return new ProxiedRun(summary, runner.Rounds, capture, proxy?.Outcomes ?? [], runner.Layout.Root);
        }
        finally
        {
            if (proxy is not null)
                await proxy.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Where a second run of the same config goes beside the first: same name (so the same run id and
    /// model), another runs directory.</summary>
    public static SimulationOptions Beside(SimulationOptions options, ExperimentConfig config, string purpose) =>
        options with { RunsDirectory = Path.Combine(options.RunsDirectory, $"{config.Run.Name}.{purpose}") };
}
