using System.ComponentModel.DataAnnotations;
using FedHybrid.Aggregation.SecureAggregation.Protocol;

namespace FedHybrid.Experiments.Config;

/// <summary>
/// Secure aggregation (SecAgg+, Bell et al. 2020): the coordinator learns only the sum of the clients'
/// clipped, quantized updates. Off by default. Combines with every crypto suite (X-Wing agrees the masks
/// under the post-quantum one) and with the mean-delta strategies; the others are refused with the reason.
/// See docs/secure-aggregation.md.
/// </summary>
public sealed record SecureAggregationSection
{
    public bool Enabled { get; init; }

    /// <summary>m: values are summed in Z_(2^m).</summary>
    [Range(1, 32)]
    public int Bits { get; init; } = 32;

    /// <summary>c: each delta value is clipped to [-c, c] before quantization, and the clipped values are
    /// counted in metrics.csv and clients.csv. Must be finite and &gt; 0.</summary>
    public double ClipRange { get; init; } = 1.0;

    /// <summary>Quantization levels L; null: the most that max_cohort clients can sum without wrapping.</summary>
    public uint? Levels { get; init; }

    /// <summary>The largest cohort whose sum must fit the modulus; null: run.clients.</summary>
    [Range(1, int.MaxValue)]
    public int? MaxCohort { get; init; }

    /// <summary>k and t, together, to override Bell et al.'s choice for each round's cohort.</summary>
    [Range(1, int.MaxValue)]
    public int? Neighbours { get; init; }

    [Range(1, int.MaxValue)]
    public int? Threshold { get; init; }

    /// <summary>The dropout and corrupt fractions Bell et al.'s choice of k and t is made for.</summary>
    [Range(0.0, 0.5, MaximumIsExclusive = true)]
    public double DropoutFraction { get; init; } = 0.3;

    [Range(0.0, 0.5, MaximumIsExclusive = true)]
    public double CorruptFraction { get; init; } = 0.1;

    /// <summary>The options for a run of <paramref name="clients"/> clients.</summary>
    public SecureAggregationOptions ToOptions(int clients) => new()
    {
        Bits = Bits,
        ClipRange = ClipRange,
        Levels = Levels,
        MaxCohort = MaxCohort ?? clients,
        Neighbours = Neighbours,
        Threshold = Threshold,
        DropoutFraction = DropoutFraction,
        CorruptFraction = CorruptFraction,
    };
}
