using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>RSA private key of the <c>rsa4096-oaep-aes256gcm</c> suite (2048, 3072 or 4096 bits).</summary>
internal sealed class RsaOaepIdentity : IIdentity
{
    internal const int FileKeySize = 32;
    readonly RSA _key;

    RsaOaepIdentity(RSA key)
    {
        _key = key;
        Recipient = RsaOaepRecipient.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>A fresh key; 4096 bits unless the experiment compares sizes.</summary>
    public static RsaOaepIdentity Generate(int bits = 4096) => new(RsaKeys.Generate(bits));

    public static RsaOaepIdentity ImportPkcs8PrivateKey(ReadOnlySpan<byte> der) => new(RsaKeys.ImportPrivate(der));

    public SuiteId Suite => SuiteId.Rsa4096OaepAes256Gcm;
    public IRecipient Recipient { get; }

    public byte[] Unwrap(Stanza stanza, ReadOnlySpan<byte> context)
    {
        if (stanza.Body.Length != _key.KeySize / 8)
            throw new NotForThisRecipientException($"RSA-OAEP stanza is {stanza.Body.Length} bytes; this {_key.KeySize}-bit key expects {_key.KeySize / 8}.");
        byte[] key = Decrypt(stanza.Body.Span);
        if (key.Length != FileKeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new NotForThisRecipientException($"RSA-OAEP stanza holds {key.Length} bytes, not a {FileKeySize}-byte data key.");
        }
        return key;
    }

    /// <summary>RSAES-OAEP-SHA256 decryption of any message; a padding failure is "not for this key".</summary>
    internal byte[] Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        try
        {
            return _key.Decrypt(ciphertext.ToArray(), RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException e)
        {
            throw new NotForThisRecipientException("RSA-OAEP stanza does not decrypt with this key.", e);
        }
    }

    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    public void Dispose() => _key.Dispose();
}
