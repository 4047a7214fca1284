using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;

namespace FedHybrid.Crypto.Signatures;

/// <summary>RSASSA-PSS / SHA-256 private key (System.Security.Cryptography).</summary>
internal sealed class RsaPssSigningKey : ISigningKey
{
    readonly RSA _key;

    RsaPssSigningKey(RSA key)
    {
        _key = key;
        VerificationKey = RsaPssVerificationKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>A fresh key of 2048, 3072 or 4096 bits (3072 by default: 128-bit security).</summary>
    public static RsaPssSigningKey Generate(int bits = 3072) => new(RsaKeys.Generate(bits));

    public static RsaPssSigningKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> der) => new(RsaKeys.ImportPrivate(der));

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.RsaPssSha256;
    public IVerificationKey VerificationKey { get; }
    public int SignatureSize => _key.KeySize / 8;

    public byte[] Sign(ReadOnlySpan<byte> message) => _key.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    public void Dispose() => _key.Dispose();
}
