using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FedHybrid.Federation.Training;

/// <summary>Per-client, per-round training seeds derived from the run seed, so every run with the same
/// seed trains the same way whatever the suite, the schedule or a restart.</summary>
public static class SeedDerivation
{
    public static int ClientSeed(long runSeed, int round, string clientId) => Int32Seed("train-seed", runSeed, round, clientId);

    /// <summary>The seed of a client's distributed-DP rounding and noise when the run asks for seeded noise (for measuring:
    /// whoever knows the run seed can recompute the noise).</summary>
    public static int DistributedDpSeed(long runSeed, int round, string clientId) => Int32Seed("ddp-noise", runSeed, round, clientId);

    /// <summary>The 32-byte seed of a client's stochastic rounding into the secure-aggregation ring: from the
    /// run seed, the round and the id, so a run's quantized updates (and hence its model) reproduce.</summary>
    public static byte[] RoundingSeed(long runSeed, int round, string clientId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"fedhybrid/v1/secagg-rounding|{runSeed}|{round}|{clientId}"));

    static int Int32Seed(string purpose, long runSeed, int round, string clientId)
    {
        var text = Encoding.UTF8.GetBytes($"fedhybrid/v1/{purpose}|{runSeed}|{round}|{clientId}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(text, hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash) & 0x7FFFFFFF;
    }
}
