namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>
/// How a run masks its updates: the quantization into Z_(2^m) (<see cref="QuantizationParameters"/>) and
/// the SecAgg+ graph (<see cref="SecAggPlusParameters"/>). By default k and t are chosen per round for the
/// clients that advertised keys with Bell et al.'s conditions at the given dropout and corrupt fractions,
/// and the levels are the most that <see cref="MaxCohort"/> clients can sum without wrapping the modulus.
/// </summary>
public sealed record SecureAggregationOptions
{
    /// <summary>m: the ring is Z_(2^m).</summary>
    public int Bits { get; init; } = 32;

    /// <summary>c: each delta value is clipped to [-c, c] (and counted) before it is quantized.</summary>
    public double ClipRange { get; init; } = 1.0;

    /// <summary>L, quantization levels; null: the most that <see cref="MaxCohort"/> clients can sum.</summary>
    public uint? Levels { get; init; }

    /// <summary>The largest cohort whose sum must not wrap (the run's client count by default).</summary>
    public int MaxCohort { get; init; } = 1024;

    /// <summary>k and t, given together to override Bell et al.'s choice; null: chosen per round.</summary>
    public int? Neighbours { get; init; }

    public int? Threshold { get; init; }

    /// <summary>The fraction of a cohort that may drop, for Bell et al.'s correctness condition.</summary>
    public double DropoutFraction { get; init; } = 0.3;

    /// <summary>The fraction of a cohort that may collude with the coordinator, for the security condition.</summary>
    public double CorruptFraction { get; init; } = 0.1;

    /// <summary>Distributed DP (Kairouz et al. 2021, Agarwal et al. 2021) in place of the quantization: each client clips,
    /// rotates, rounds and noises its update in Z_(2^<see cref="Bits"/>), unweighted; null: plain secure aggregation.</summary>
    public Privacy.DistributedDpSettings? DistributedDp { get; init; }

    /// <summary>The quantization these options give.</summary>
    /// <exception cref="SecureAggregationParameterException">Out of range, or a sum that could overflow.</exception>
    public QuantizationParameters Quantization()
    {
        if (Bits is < 1 or > 32)
            throw new SecureAggregationParameterException(nameof(Bits), $"{Bits} is not allowed; the ring Z_(2^m) needs 1 <= m <= 32");
        if (MaxCohort < 1)
            throw new SecureAggregationParameterException(nameof(MaxCohort), $"{MaxCohort} is not allowed; the max cohort size must be >= 1");
        ulong largest = Bits == 32 ? uint.MaxValue : (1UL << Bits) - 1;
        // L - 1 = floor((2^m - 1) / max cohort) is the most levels whose largest sum fits (capped at 2^32 - 1).
        uint levels = Levels ?? (uint)Math.Min(largest / (ulong)MaxCohort + 1, uint.MaxValue);
        return new QuantizationParameters(Bits, ClipRange, levels, MaxCohort);
    }

    /// <summary>Throws naming the first option that is out of range or inconsistent.</summary>
    public void Validate()
    {
        Quantization();
        if (Neighbours.HasValue != Threshold.HasValue)
            throw new SecureAggregationParameterException(Neighbours.HasValue ? nameof(Threshold) : nameof(Neighbours),
                "neighbours and threshold are given together or not at all");
        if (Neighbours is { } k && Threshold is { } t && (k < 1 || t <= k / 2 || t > k))
            throw new SecureAggregationParameterException(nameof(Threshold), $"t = {t} with k = {k} is not allowed; need k >= 1 and k/2 < t <= k");
        if (!(DropoutFraction is >= 0 and < 0.5))
            throw new SecureAggregationParameterException(nameof(DropoutFraction), $"{DropoutFraction} is not allowed; it must be in [0, 0.5)");
        if (!(CorruptFraction is >= 0 and < 0.5))
            throw new SecureAggregationParameterException(nameof(CorruptFraction), $"{CorruptFraction} is not allowed; it must be in [0, 0.5)");
    }

    /// <summary>k and t for a round in which <paramref name="advertised"/> clients advertised keys.</summary>
    public SecAggPlusParameters GraphFor(int advertised) =>
        Neighbours is { } k && Threshold is { } t ? SecAggPlusParameters.Create(advertised, k, t)
        : SecAggPlusParameters.Choose(advertised, DropoutFraction, CorruptFraction);
}
