namespace FedHybrid.Learning.Runtime;

/// <summary>The CPU kernels of a reproducible run could not be pinned in this process.</summary>
public sealed class CpuKernelPinningException(string message) : Exception(message);
