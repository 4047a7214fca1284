using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace FedHybrid.Experiments.Config;

/// <summary>The run: its name (the output directory under runs/), seed, clients, rounds and deadlines.</summary>
public sealed record RunSection
{
    /// <summary>Smallest and largest durations in seconds: a millisecond (the wire's unit), and the
    /// longest a .NET timer or CancellationTokenSource.CancelAfter takes (int.MaxValue ms, 24.8 days).</summary>
    public const double MinSeconds = 0.001, MaxSeconds = int.MaxValue / 1000.0;

    /// <summary>Letters, digits, '-', '_' or '.', not starting with '.': it names a directory.</summary>
    public required string Name { get; init; }

    /// <summary>Seeds the partition, the initial model, client selection and local training.</summary>
    public long Seed { get; init; } = 42;

    [Range(1, 100_000)]
    public int Clients { get; init; } = 5;

    [Range(1, 100_000)]
    public int Rounds { get; init; } = 3;

    /// <summary>How long a stage waits for its replies.</summary>
    [Range(MinSeconds, MaxSeconds)]
    public double RoundDeadlineSeconds { get; init; } = 600;

    /// <summary>How long the coordinator waits for the clients to join.</summary>
    [Range(MinSeconds, MaxSeconds)]
    public double JoinTimeoutSeconds { get; init; } = 120;

    /// <summary>Pins libtorch's, oneDNN's and MKL's CPU kernels to AVX2 in the coordinator and every
    /// client process, so the same seed gives the same model on any AVX2 machine, not only on this one
    /// (<see cref="Learning.Runtime.CpuKernels"/>; docs/BENCHMARKS.md has what it costs).</summary>
    public bool Reproducible { get; init; }

    /// <summary>Client ids: client-01 .. client-NN (zero-padded so they sort numerically).</summary>
    public IReadOnlyList<string> ClientIds()
    {
        int width = Math.Max(2, Clients.ToString(CultureInfo.InvariantCulture).Length);
        return Enumerable.Range(1, Clients).Select(i => "client-" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')).ToArray();
    }
}
