using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;
using FedHybrid.Crypto.Suites;
using SuiteNames = FedHybrid.Crypto.Suites.Suite;

namespace FedHybrid.Crypto.Wrap;

/// <summary>Private key of an HPKE suite; unwraps enc || ciphertext stanzas with OpenBase.</summary>
internal sealed class HpkeIdentity : IIdentity
{
    const int FileKeySize = 32;
    const int TagSize = 16;
    readonly byte[] _privateKey;
    readonly HpkeRecipient _recipient;

    /// <summary>From the KEM's serialized private key (X25519 / P-256 scalar, X-Wing 32-byte seed).</summary>
    public HpkeIdentity(SuiteId suite, ReadOnlySpan<byte> privateKey)
    {
        var kem = HpkeSuite.Kem(HpkeKeyCodec.KemOf(suite));
        if (privateKey.Length != kem.PrivateKeySize)
            throw new InvalidKeyException($"{SuiteNames.NameOf(suite)} private key must be {kem.PrivateKeySize} bytes, got {privateKey.Length}.");
        _privateKey = privateKey.ToArray();
        _recipient = new HpkeRecipient(suite, kem.PublicKeyOf(_privateKey));
    }

    public static HpkeIdentity Generate(SuiteId suite)
    {
        var pair = HpkeSuite.Kem(HpkeKeyCodec.KemOf(suite)).GenerateKeyPair();
        try { return new HpkeIdentity(suite, pair.PrivateKey); }
        finally { CryptographicOperations.ZeroMemory(pair.PrivateKey); }
    }

    public static HpkeIdentity ImportPkcs8PrivateKey(SuiteId suite, ReadOnlySpan<byte> der)
    {
        var raw = HpkeKeyCodec.ImportPkcs8(suite, der);
        try { return new HpkeIdentity(suite, raw); }
        finally { CryptographicOperations.ZeroMemory(raw); }
    }

    public SuiteId Suite => _recipient.Suite;
    public IRecipient Recipient => _recipient;

    public byte[] Unwrap(Stanza stanza, ReadOnlySpan<byte> context)
    {
        var hpke = HpkeKeyCodec.HpkeOf(Suite);
        int encSize = hpke.KemAlgorithm.EncapsulatedKeySize;
        if (stanza.Body.Length != encSize + FileKeySize + TagSize)
            throw new MalformedEnvelopeException($"{SuiteNames.NameOf(Suite)} stanza must be {encSize + FileKeySize + TagSize} bytes, got {stanza.Body.Length}.");
        var body = stanza.Body.Span;
        try
        {
            return hpke.Open(body[..encSize], _privateKey, context, default, body[encSize..]);
        }
        catch (CryptoException e)
        {
            // A bad enc (e.g. a low-order point) or a failed AEAD both mean this key cannot open it.
            throw new NotForThisRecipientException($"The {SuiteNames.NameOf(Suite)} stanza does not open with this key.", e);
        }
    }

    public byte[] ExportPkcs8PrivateKey() => HpkeKeyCodec.ExportPkcs8(Suite, _privateKey, _recipient.PublicKey.ToArray());

    public void Dispose() => CryptographicOperations.ZeroMemory(_privateKey);
}
