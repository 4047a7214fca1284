using FedHybrid.Crypto.Hpke;
using FedHybrid.Crypto.Suites;
using SuiteNames = FedHybrid.Crypto.Suites.Suite;

namespace FedHybrid.Crypto.Wrap;

/// <summary>Public key of an HPKE suite (X25519, P-256 or X-Wing KEM; HKDF-SHA256; AES-256-GCM).
/// Wrap = HPKE base mode SealBase(pkR, info = context, aad = "", data key); stanza = enc || ciphertext.</summary>
internal sealed class HpkeRecipient : IRecipient
{
    readonly byte[] _publicKey;

    /// <summary>From the KEM's serialized public key (RFC 9180 SerializePublicKey / X-Wing encoding).</summary>
    public HpkeRecipient(SuiteId suite, ReadOnlySpan<byte> publicKey)
    {
        var kem = HpkeSuite.Kem(HpkeKeyCodec.KemOf(suite));
        if (publicKey.Length != kem.PublicKeySize)
            throw new InvalidKeyException($"{SuiteNames.NameOf(suite)} public key must be {kem.PublicKeySize} bytes, got {publicKey.Length}.");
        Suite = suite;
        _publicKey = publicKey.ToArray();
    }

    public static HpkeRecipient ImportSubjectPublicKeyInfo(SuiteId suite, ReadOnlySpan<byte> der) => new(suite, HpkeKeyCodec.ImportSpki(suite, der));

    public SuiteId Suite { get; }
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    public Stanza Wrap(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> context)
    {
        var (enc, ciphertext) = HpkeKeyCodec.HpkeOf(Suite).Seal(_publicKey, context, default, fileKey);
        return new Stanza((byte[])[.. enc, .. ciphertext]);
    }

    public byte[] ExportSubjectPublicKeyInfo() => HpkeKeyCodec.ExportSpki(Suite, _publicKey);
}
