using System.Security.Cryptography;

namespace FedHybrid.Crypto.Keys;

/// <summary>RSA key creation and import shared by RSA-PSS signing and RSA-OAEP wrapping, restricted
/// to the sizes FedHybrid supports.</summary>
internal static class RsaKeys
{
    public static readonly int[] AllowedSizes = [2048, 3072, 4096];

    public static RSA Generate(int bits)
    {
        if (!AllowedSizes.Contains(bits)) throw new ArgumentOutOfRangeException(nameof(bits), bits, "RSA keys must be 2048, 3072 or 4096 bits.");
        return RSA.Create(bits);
    }

    public static RSA ImportPrivate(ReadOnlySpan<byte> pkcs8) => Import(pkcs8, isPrivate: true);

    public static RSA ImportPublic(ReadOnlySpan<byte> spki) => Import(spki, isPrivate: false);

    static RSA Import(ReadOnlySpan<byte> der, bool isPrivate)
    {
        var key = RSA.Create();
        try
        {
            int read;
            if (isPrivate) key.ImportPkcs8PrivateKey(der, out read);
            else key.ImportSubjectPublicKeyInfo(der, out read);
            if (read != der.Length) throw new InvalidKeyException("RSA key has trailing bytes.");
            if (!AllowedSizes.Contains(key.KeySize)) throw new InvalidKeyException($"RSA key of {key.KeySize} bits; FedHybrid accepts 2048, 3072 or 4096.");
            return key;
        }
        catch (CryptographicException e) when (e is not CryptoException)
        {
            key.Dispose();
            throw new InvalidKeyException($"Not an RSA {(isPrivate ? "PKCS#8 private" : "SubjectPublicKeyInfo public")} key: {e.Message}", e);
        }
        catch (CryptoException)
        {
            key.Dispose();
            throw;
        }
    }
}
