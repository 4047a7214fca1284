namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>
/// The coordinator's one use of the masking agreement: recomputing the pairwise seed between a dropped
/// client and a surviving neighbour from the dropped client's reconstructed secret (Bonawitz et al.,
/// CCS 2017, round 4). The agreement is Crypto's (X25519, or X-Wing for the post-quantum suite); the
/// round only sees bytes, so this interface is implemented in Federation, bound to the run.
/// </summary>
public interface IPairSeedRecovery
{
    /// <summary>The agreement's name, for metrics and logs.</summary>
    string Agreement { get; }

    /// <summary>Bytes of an advertised masking public key.</summary>
    int MaskingKeySize { get; }

    /// <summary>Bytes of the encapsulation the lower id of a pair sends the higher; 0 when nothing is sent.</summary>
    int EncapsulationSize { get; }

    /// <summary>The seed of the pair (<paramref name="droppedId"/>, <paramref name="survivorId"/>) in
    /// <paramref name="round"/>, from the dropped client's secret, the survivor's masking key and, when the
    /// survivor is the lower id and encapsulated to the dropped one, that encapsulation (else empty).</summary>
    /// <exception cref="ArgumentException">The key or encapsulation is unusable (a malicious client's); the round aborts.</exception>
    byte[] PairSeed(int round, ReadOnlySpan<byte> droppedSecret, string droppedId, string survivorId,
        ReadOnlySpan<byte> survivorMaskingKey, ReadOnlySpan<byte> survivorEncapsulation);
}
