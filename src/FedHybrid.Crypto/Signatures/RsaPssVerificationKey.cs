using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;

namespace FedHybrid.Crypto.Signatures;

/// <summary>RSASSA-PSS / SHA-256 public key (salt length = 32, MGF1-SHA-256).</summary>
internal sealed class RsaPssVerificationKey : IVerificationKey
{
    readonly RSA _key;

    internal RsaPssVerificationKey(RSA key) => _key = key;

    public static RsaPssVerificationKey ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der) => new(RsaKeys.ImportPublic(der));

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.RsaPssSha256;
    public int KeySizeBits => _key.KeySize;

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _key.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();
}
