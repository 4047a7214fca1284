using FedHybrid.Learning.Runtime;

namespace FedHybrid.Experiments;

/// <summary>The coordinator's half of <c>run.reproducible</c> (the clients' half is <see cref="ClientEnvironment"/>):
/// pins this process's CPU kernels before its first tensor operation.</summary>
public static class ReproducibleKernels
{
    /// <returns>The line to log.</returns>
    /// <exception cref="SimulationFailedException">The kernels could not be pinned in this process.</exception>
    public static string PinCoordinator()
    {
        try
        {
            CpuKernels.PinThisProcess();
        }
        catch (CpuKernelPinningException e)
        {
            throw new SimulationFailedException($"run.reproducible: {e.Message}");
        }
        return $"reproducible: CPU kernels pinned to {CpuKernels.PinnedCapability} in the coordinator and every client ("
            + string.Join(' ', CpuKernels.PinningEnvironment.Select(p => $"{p.Key}={p.Value}")) + ")";
    }
}
