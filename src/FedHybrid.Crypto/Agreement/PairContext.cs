namespace FedHybrid.Crypto.Agreement;

/// <summary>
/// Who a pairwise mask seed is for: a run, a round and two clients, in ordinal order so that both ends
/// name the pair alike. Bound into every derivation, so a seed never serves two rounds or two pairs.
/// </summary>
public sealed record PairContext
{
    PairContext(string runId, long round, string lower, string higher)
    {
        RunId = runId;
        Round = round;
        Lower = lower;
        Higher = higher;
    }

    public string RunId { get; }
    public long Round { get; }

    /// <summary>The ordinally smaller id: with X-Wing, the one that encapsulates.</summary>
    public string Lower { get; }

    public string Higher { get; }

    public static PairContext Of(string runId, long round, string a, string b)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(a);
        ArgumentException.ThrowIfNullOrEmpty(b);
        if (string.Equals(a, b, StringComparison.Ordinal))
            throw new ArgumentException($"a pair needs two clients, got '{a}' twice", nameof(b));
        return string.CompareOrdinal(a, b) < 0 ? new(runId, round, a, b) : new(runId, round, b, a);
    }

    /// <summary>The other end of the pair from <paramref name="id"/>.</summary>
    public string PeerOf(string id) =>
        id == Lower ? Higher : id == Higher ? Lower : throw new ArgumentException($"'{id}' is not in the pair ({Lower}, {Higher})", nameof(id));

    /// <summary>The derivation's info: each part length-prefixed, so no two contexts encode alike.</summary>
    internal byte[] Encode(string agreement, string purpose)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        foreach (var part in new[] { "FedHybrid secagg v1", agreement, purpose, RunId, Lower, Higher })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(part);
            writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bytes.Length));
            writer.Write(bytes);
        }
        writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(Round));
        writer.Flush();
        return buffer.ToArray();
    }
}
