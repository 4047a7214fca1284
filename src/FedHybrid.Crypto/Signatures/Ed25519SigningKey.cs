using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FedHybrid.Crypto.Signatures;

/// <summary>Ed25519 private key (RFC 8032, BouncyCastle), stored as its 32-byte seed.</summary>
internal sealed class Ed25519SigningKey : ISigningKey
{
    readonly byte[] _seed;
    readonly Ed25519PrivateKeyParameters _key;

    public Ed25519SigningKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new InvalidKeyException($"Ed25519 private key must be 32 bytes, got {seed.Length}.");
        _seed = seed.ToArray();
        _key = new Ed25519PrivateKeyParameters(_seed);
        VerificationKey = new Ed25519VerificationKey(_key.GeneratePublicKey().GetEncoded());
    }

    public static Ed25519SigningKey Generate()
    {
        var seed = new byte[32];
        new SecureRandom().NextBytes(seed);
        try { return new Ed25519SigningKey(seed); }
        finally { CryptographicOperations.ZeroMemory(seed); }
    }

    public static Ed25519SigningKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> der)
    {
        var seed = Asn1Keys.ReadPkcs8(der, Asn1Keys.Ed25519Oid, 32, "Ed25519");
        try { return new Ed25519SigningKey(seed); }
        finally { CryptographicOperations.ZeroMemory(seed); }
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;
    public IVerificationKey VerificationKey { get; }
    public int SignatureSize => 64;

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    public byte[] ExportPkcs8PrivateKey() => Asn1Keys.Pkcs8(Asn1Keys.Ed25519Oid, _seed);

    public void Dispose() => CryptographicOperations.ZeroMemory(_seed);
}
