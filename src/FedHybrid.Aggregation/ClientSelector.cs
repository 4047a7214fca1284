namespace FedHybrid.Aggregation;

/// <summary>Deterministic client sampling: the same ids, fraction, minimum, seed and round always
/// select the same clients, whatever order the ids arrive in and whichever process asks.</summary>
public static class ClientSelector
{
    /// <summary>How many of <paramref name="available"/> clients a round samples:
    /// max(<paramref name="minimum"/>, ceil(<paramref name="fraction"/> x available)), at most all.</summary>
    public static int SampleSize(int available, double fraction, int minimum)
    {
        if (fraction is <= 0 or > 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in (0, 1]");
        if (minimum < 1)
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "minimum must be at least 1");
        int wanted = Math.Max(minimum, (int)Math.Ceiling(fraction * available - 1e-9));
        return Math.Min(wanted, available);
    }

    /// <summary>The selected ids, sorted (ordinal).</summary>
    public static IReadOnlyList<string> Select(IReadOnlyList<string> available, double fraction, int minimum, long seed, int round)
    {
        var ids = available.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        int count = SampleSize(ids.Length, fraction, minimum);
        if (count == ids.Length)
            return ids;
        // Partial Fisher-Yates over the sorted ids with a generator seeded by (seed, round).
        var random = new Random(RoundSeed(seed, round));
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, ids.Length);
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }
        var chosen = ids[..count];
        Array.Sort(chosen, StringComparer.Ordinal);
        return chosen;
    }

    static int RoundSeed(long seed, int round)
    {
        // SplitMix64 finalizer: nearby (seed, round) pairs give unrelated generator seeds.
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)round);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
