using System.Security.Cryptography;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;

namespace FedHybrid.Crypto.Inference;

/// <summary>A sealed-inference server's raw X25519 key pair, and the conversions from the key files
/// (PKCS#8 / SPKI, RFC 8410) kits hold. The caller zeroes <see cref="PrivateKey"/>.</summary>
public sealed record InferenceKeyPair(byte[] PrivateKey, byte[] PublicKey)
{
    const SuiteId KeySuite = SuiteId.HpkeX25519Aes256Gcm;

    public static InferenceKeyPair Generate()
    {
        var pair = InferenceSealing.Suite.KemAlgorithm.GenerateKeyPair();
        return new InferenceKeyPair(pair.PrivateKey, pair.PublicKey);
    }

    /// <summary>The raw public key of a raw private key; <see cref="InvalidKeyException"/> for a wrong length.</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey.Length, InferenceWire.PrivateKeySize, "private");
        return InferenceSealing.Suite.KemAlgorithm.PublicKeyOf(privateKey);
    }

    /// <summary>The raw private key of an X25519 PKCS#8 key; the caller zeroes it.</summary>
    public static byte[] ImportPkcs8PrivateKey(ReadOnlySpan<byte> der) => HpkeKeyCodec.ImportPkcs8(KeySuite, der);

    /// <summary>The raw public key of an X25519 SubjectPublicKeyInfo.</summary>
    public static byte[] ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der) => HpkeKeyCodec.ImportSpki(KeySuite, der);

    internal static void RequireLength(int length, int expected, string half)
    {
        if (length != expected)
            throw new InvalidKeyException($"sealed inference needs a {expected}-byte X25519 {half} key, got {length} bytes");
    }

    /// <summary>Zeroes the private key.</summary>
    public void Clear() => CryptographicOperations.ZeroMemory(PrivateKey);
}
