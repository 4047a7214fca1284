using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>RSA public key of the <c>rsa4096-oaep-aes256gcm</c> suite: the stanza is RSAES-OAEP
/// (SHA-256, MGF1-SHA-256, empty label) of the 32-byte data key, modulus-sized. OAEP in .NET takes no
/// label, so the context is bound by the envelope's signature and body commitment instead.</summary>
internal sealed class RsaOaepRecipient : IRecipient
{
    readonly RSA _key;

    internal RsaOaepRecipient(RSA key) => _key = key;

    public static RsaOaepRecipient ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der) => new(RsaKeys.ImportPublic(der));

    public SuiteId Suite => SuiteId.Rsa4096OaepAes256Gcm;
    public int KeySizeBits => _key.KeySize;

    public Stanza Wrap(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> context)
    {
        if (fileKey.Length != RsaOaepIdentity.FileKeySize) throw new ArgumentException($"data key must be {RsaOaepIdentity.FileKeySize} bytes", nameof(fileKey));
        return new Stanza(_key.Encrypt(fileKey.ToArray(), RSAEncryptionPadding.OaepSHA256));
    }

    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();
}
