using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace FedHybrid.Crypto.Kem;

/// <summary>ML-KEM-768 (FIPS 203) on BouncyCastle: key generation from the 64-byte seed d || z,
/// derandomized encapsulation (the 32-byte message m given) with the §7.2 encapsulation-key
/// check, and decapsulation with implicit rejection.</summary>
internal static class MlKem768
{
    public const int SeedSize = 64;
    public const int EncapsulationKeySize = 1184;
    public const int CiphertextSize = 1088;
    public const int SharedSecretSize = 32;
    public const int MessageSize = 32;
    private const int Q = 3329;

    private static MLKemParameters Parameters => MLKemParameters.ml_kem_768;

    /// <summary>KeyGen_internal(d, z) from seed = d || z.</summary>
    public static MLKemPrivateKeyParameters KeyFromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
            throw new InvalidKeyException($"ML-KEM-768 seed must be {SeedSize} bytes, got {seed.Length}.");
        byte[] copy = seed.ToArray();
        try
        {
            return MLKemPrivateKeyParameters.FromSeed(Parameters, copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>Encaps_internal(ek, m): FIPS 203 §7.2 checks on ek, then (K, c).</summary>
    public static (byte[] SharedSecret, byte[] Ciphertext) EncapsDerand(ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> m)
    {
        CheckEncapsulationKey(encapsulationKey);
        if (m.Length != MessageSize)
            throw new ArgumentException($"ML-KEM-768 encapsulation randomness must be {MessageSize} bytes.", nameof(m));
        var publicKey = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
        var encapsulator = new MLKemEncapsulator(Parameters);
        // BouncyCastle draws m from the SecureRandom it is given; this one yields exactly m.
        encapsulator.Init(new ParametersWithRandom(publicKey, new SecureRandom(new FixedBytesGenerator(m))));
        var ciphertext = new byte[CiphertextSize];
        var sharedSecret = new byte[SharedSecretSize];
        encapsulator.Encapsulate(ciphertext, sharedSecret);
        return (sharedSecret, ciphertext);
    }

    /// <summary>Decaps(dk, c); a ciphertext of the right length never fails (implicit rejection).</summary>
    public static byte[] Decaps(MLKemPrivateKeyParameters privateKey, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length != CiphertextSize)
            throw new InvalidKeyException($"ML-KEM-768 ciphertext must be {CiphertextSize} bytes, got {ciphertext.Length}.");
        var decapsulator = new MLKemDecapsulator(Parameters);
        decapsulator.Init(privateKey);
        var sharedSecret = new byte[SharedSecretSize];
        decapsulator.Decapsulate(ciphertext, sharedSecret);
        return sharedSecret;
    }

    /// <summary>FIPS 203 §7.2: the type check (length) and the modulus check
    /// (ByteEncode12(ByteDecode12(ek)) == ek, i.e. every 12-bit coefficient of t below q).</summary>
    public static void CheckEncapsulationKey(ReadOnlySpan<byte> ek)
    {
        if (ek.Length != EncapsulationKeySize)
            throw new InvalidKeyException($"ML-KEM-768 encapsulation key must be {EncapsulationKeySize} bytes, got {ek.Length}.");
        ReadOnlySpan<byte> t = ek[..(EncapsulationKeySize - 32)]; // the last 32 bytes are rho
        for (int i = 0; i < t.Length; i += 3)
        {
            int c0 = t[i] | ((t[i + 1] & 0x0F) << 8);
            int c1 = (t[i + 1] >> 4) | (t[i + 2] << 4);
            if (c0 >= Q || c1 >= Q)
                throw new InvalidKeyException("ML-KEM-768 encapsulation key fails the modulus check (a coefficient is not below q).");
        }
    }

    /// <summary>A generator that hands out a fixed byte string once, then refuses.</summary>
    private sealed class FixedBytesGenerator(ReadOnlySpan<byte> bytes) : IRandomGenerator
    {
        private readonly byte[] _bytes = bytes.ToArray();
        private int _used;

        public void AddSeedMaterial(byte[] seed) { }
        public void AddSeedMaterial(ReadOnlySpan<byte> seed) { }
        public void AddSeedMaterial(long seed) { }
        public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());
        public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

        public void NextBytes(Span<byte> bytes)
        {
            if (bytes.Length > _bytes.Length - _used)
                throw new InvalidOperationException("ML-KEM asked for more randomness than the derandomized input holds.");
            _bytes.AsSpan(_used, bytes.Length).CopyTo(bytes);
            CryptographicOperations.ZeroMemory(_bytes.AsSpan(_used, bytes.Length));
            _used += bytes.Length;
        }
    }
}
