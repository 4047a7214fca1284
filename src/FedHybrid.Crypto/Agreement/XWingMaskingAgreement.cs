using System.Security.Cryptography;

namespace FedHybrid.Crypto.Agreement;

/// <summary>
/// X-Wing (ML-KEM-768 + X25519) for the post-quantum suite: the per-round secret is the X-Wing seed, the
/// lower id of a pair encapsulates to the higher, and the coordinator relays the 1120-byte encapsulation.
/// The encapsulation's randomness is derived from the encapsulator's secret and the pair (HKDF-SHA256), so
/// a dropped encapsulator's reconstructed secret recomputes its seeds just as a dropped decapsulator's
/// secret decapsulates them. That randomness never leaves this class: no caller can choose it.
/// </summary>
internal sealed class XWingMaskingAgreement : MaskingAgreement
{
    static readonly FedHybrid.Crypto.Kem.XWing Kem = new();

    public override string Name => "x-wing";

    public override int PublicKeySize => Kem.PublicKeySize;

    public override int EncapsulationSize => Kem.EncapsulatedKeySize;

    public override byte[] PublicKey(ReadOnlySpan<byte> secret)
    {
        CheckSecret(secret);
        return Kem.PublicKeyOf(secret);
    }

    public override byte[]? Encapsulation(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey, PairContext pair)
    {
        CheckInputs(secret, ownId, peerPublicKey, pair);
        if (ownId != pair.Lower)
            return null;
        var (shared, enc) = Encapsulate(secret, peerPublicKey, pair);
        CryptographicOperations.ZeroMemory(shared);
        return enc;
    }

    public override byte[] PairSeed(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey,
        ReadOnlySpan<byte> peerEncapsulation, PairContext pair)
    {
        CheckInputs(secret, ownId, peerPublicKey, pair);
        byte[] shared;
        if (ownId == pair.Lower)
        {
            if (!peerEncapsulation.IsEmpty)
                throw new InvalidKeyException($"'{ownId}' encapsulates for this pair, so it takes no encapsulation from its peer");
            (shared, _) = Encapsulate(secret, peerPublicKey, pair);
        }
        else
        {
            if (peerEncapsulation.Length != EncapsulationSize)
                throw new InvalidKeyException($"the x-wing encapsulation from '{pair.Lower}' must be {EncapsulationSize} bytes, got {peerEncapsulation.Length}");
            shared = Kem.Decap(peerEncapsulation, secret);
        }
        try
        {
            return SeedFrom(shared, pair);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    (byte[] Shared, byte[] Enc) Encapsulate(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peerPublicKey, PairContext pair)
    {
        Span<byte> eseed = stackalloc byte[FedHybrid.Crypto.Kem.XWing.EseedSize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, eseed, salt: [], info: pair.Encode(Name, "encapsulation randomness"));
            return Kem.EncapDerand(peerPublicKey, eseed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(eseed);
        }
    }
}
