using System.Security.Cryptography;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Agreement;

/// <summary>
/// How two secure-aggregation neighbours come to share a pairwise mask seed (Bonawitz et al., CCS 2017,
/// §4: the key agreement whose secret each client also Shamir-shares). Each client draws a fresh
/// 32-byte <em>secret</em> per round and advertises its public key; the pair's seed is
/// HKDF-SHA256(shared secret, info = the <see cref="PairContext"/>). Reconstructing a dropped client's
/// secret from its shares lets the coordinator recompute every seed of that client's pairs, and nothing
/// else: that is the dropout recovery. Two agreements: X25519 (Diffie-Hellman) for the classical suites,
/// and X-Wing (ML-KEM-768 + X25519) for <c>pq-xwing-aes256gcm</c>, where the lower id encapsulates to
/// the higher and the coordinator relays the encapsulation.
/// </summary>
public abstract class MaskingAgreement
{
    /// <summary>Bytes of a client's per-round secret (the value its neighbours hold shares of).</summary>
    public const int SecretSize = 32;

    /// <summary>Bytes of a pairwise mask seed.</summary>
    public const int SeedSize = 32;

    private protected MaskingAgreement() { }

    public static MaskingAgreement X25519 { get; } = new X25519MaskingAgreement();

    public static MaskingAgreement XWing { get; } = new XWingMaskingAgreement();

    /// <summary>The agreement a run of <paramref name="suite"/> uses: X-Wing for the post-quantum suite, so
    /// masks stay secret against an adversary who records today and has a quantum computer later.</summary>
    public static MaskingAgreement ForSuite(SuiteId suite) => suite == SuiteId.PqXWingAes256Gcm ? XWing : X25519;

    /// <summary>The name bound into every derivation and written in metrics.</summary>
    public abstract string Name { get; }

    public abstract int PublicKeySize { get; }

    /// <summary>Bytes of the message the lower id sends the higher in share-keys; 0 when there is none.</summary>
    public abstract int EncapsulationSize { get; }

    /// <summary>A fresh per-round secret from the system's random number generator.</summary>
    public byte[] GenerateSecret() => RandomNumberGenerator.GetBytes(SecretSize);

    /// <summary>The public key to advertise for <paramref name="secret"/>.</summary>
    public abstract byte[] PublicKey(ReadOnlySpan<byte> secret);

    /// <summary>What <paramref name="ownId"/> sends its peer for this pair (relayed by the coordinator), or
    /// null when this agreement or this end of the pair sends nothing.</summary>
    public abstract byte[]? Encapsulation(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey, PairContext pair);

    /// <summary>The pair's mask seed, computed by <paramref name="ownId"/> from its secret, its peer's public
    /// key and, where the peer encapsulated to it, the peer's encapsulation. Both ends get the same bytes;
    /// so does the coordinator given a dropped client's reconstructed secret.</summary>
    public abstract byte[] PairSeed(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey,
        ReadOnlySpan<byte> peerEncapsulation, PairContext pair);

    private protected byte[] SeedFrom(ReadOnlySpan<byte> sharedSecret, PairContext pair)
    {
        var seed = new byte[SeedSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, seed, salt: [], info: pair.Encode(Name, "pair seed"));
        return seed;
    }

    /// <summary>Every operation's checks: a secret of the right size, a peer key of this agreement's size,
    /// and <paramref name="ownId"/> one end of <paramref name="pair"/>.</summary>
    private protected void CheckInputs(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey, PairContext pair)
    {
        CheckSecret(secret);
        CheckPublicKey(peerPublicKey);
        CheckMember(ownId, pair);
    }

    private protected static void CheckSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretSize)
            throw new InvalidKeyException($"a masking secret is {SecretSize} bytes, got {secret.Length}");
    }

    private protected void CheckPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
            throw new InvalidKeyException($"a {Name} masking public key is {PublicKeySize} bytes, got {publicKey.Length}");
    }

    private protected static void CheckMember(string ownId, PairContext pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        pair.PeerOf(ownId);
    }
}
