namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>A client's masked input (Bonawitz et al., CCS 2017, figure 4, round 2):
/// y_i = x_i + PRG(b_i) + sum over neighbours j &lt; i of PRG(s_ij) - sum over neighbours j &gt; i of PRG(s_ij)
/// mod 2^m. Each pairwise mask appears once with + (at the larger id) and once with - (at the smaller),
/// so it cancels when both ends are in the sum.</summary>
public static class ClientMasking
{
    /// <summary>Writes y_i for client <paramref name="client"/> to <paramref name="destination"/>.</summary>
    /// <param name="quantized">x_i, from <see cref="Quantizer.Quantize"/>: every value below 2^m.</param>
    /// <param name="selfMaskSeed">b_i, 32 bytes.</param>
    /// <param name="pairwise">s_ij for each neighbour j that delivered its key shares (distinct peers, not i).</param>
    public static void Mask(int client, ReadOnlySpan<uint> quantized, ReadOnlySpan<byte> selfMaskSeed,
        IReadOnlyList<PairwiseSeed> pairwise, QuantizationParameters parameters, Span<uint> destination)
    {
        ArgumentNullException.ThrowIfNull(pairwise);
        ArgumentNullException.ThrowIfNull(parameters);
        if (destination.Length != quantized.Length)
            throw new ArgumentException($"destination has length {destination.Length}, input {quantized.Length}", nameof(destination));
        uint mask = parameters.RingMask;
        for (int i = 0; i < quantized.Length; i++)
            if (quantized[i] > mask)
                throw new ArgumentException($"quantized[{i}] = {quantized[i]} is not in Z_(2^{parameters.Bits})", nameof(quantized));
        var peers = new HashSet<int>();
        foreach (var seed in pairwise)
        {
            if (seed is null || seed.Peer == client || !peers.Add(seed.Peer))
                throw new ArgumentException($"pairwise seeds must name distinct peers other than client {client}; got {seed?.Peer.ToString() ?? "null"}", nameof(pairwise));
        }
        byte[] self = selfMaskSeed.ToArray();
        var add = new List<byte[]>(pairwise.Count + 1) { self };
        var subtract = new List<byte[]>(pairwise.Count);
        foreach (var seed in pairwise)
            (seed.Peer < client ? add : subtract).Add(seed.Seed);
        quantized.CopyTo(destination);
        try { MaskPrg.Apply(destination, add.ToArray(), subtract.ToArray()); }
        finally { System.Security.Cryptography.CryptographicOperations.ZeroMemory(self); }
        RingVector.Reduce(destination, mask);
    }
}
