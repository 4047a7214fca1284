using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;
using Org.BouncyCastle.Crypto.Digests;
using X25519Curve = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace FedHybrid.Crypto.Kem;

/// <summary>X-Wing (draft-connolly-cfrg-xwing-kem): ML-KEM-768 and X25519 with the SHA3-256
/// combiner, as an HPKE KEM ("Use in HPKE"): sk is the 32-byte seed, pk = pk_M || pk_X (1216 bytes),
/// enc = ct_M || ct_X (1120 bytes). Secure if either ML-KEM-768 or X25519 holds. Not authenticated.</summary>
internal sealed class XWing : IKem, IDerandomizedKem
{
    public const int SeedSize = 32;
    public const int EseedSize = 64;
    private const int XSize = 32;

    // "\./" || "/^\"
    private static ReadOnlySpan<byte> Label => [0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c];

    public KemId Id => KemId.XWing;
    public int PublicKeySize => MlKem768.EncapsulationKeySize + XSize;
    public int PrivateKeySize => SeedSize;
    public int EncapsulatedKeySize => MlKem768.CiphertextSize + XSize;
    public int SharedSecretSize => 32;
    public bool SupportsAuth => false;

    public KemKeyPair GenerateKeyPair()
    {
        byte[] sk = RandomNumberGenerator.GetBytes(SeedSize);
        return new KemKeyPair(sk, PublicKeyOf(sk));
    }

    /// <summary>sk = SHAKE256(ikm, 32), then GenerateKeyPairDerand(sk).</summary>
    public KemKeyPair DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        var shake = new ShakeDigest(256);
        shake.BlockUpdate(ikm);
        var sk = new byte[SeedSize];
        shake.OutputFinal(sk);
        return new KemKeyPair(sk, PublicKeyOf(sk));
    }

    public byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        using var expanded = Expand(privateKey);
        return expanded.PublicKey;
    }

    public (byte[] SharedSecret, byte[] Enc) Encap(ReadOnlySpan<byte> publicKeyR)
    {
        Span<byte> eseed = stackalloc byte[EseedSize];
        RandomNumberGenerator.Fill(eseed);
        try
        {
            return EncapDerand(publicKeyR, eseed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(eseed);
        }
    }

    /// <summary>EncapsulateDerand(pk, eseed): eseed[0..32] feeds ML-KEM, eseed[32..64] is ek_X.</summary>
    public (byte[] SharedSecret, byte[] Enc) EncapDerand(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> eseed)
    {
        if (publicKeyR.Length != PublicKeySize)
            throw new InvalidKeyException($"X-Wing public key must be {PublicKeySize} bytes, got {publicKeyR.Length}.");
        if (eseed.Length != EseedSize)
            throw new ArgumentException($"X-Wing eseed must be {EseedSize} bytes.", nameof(eseed));
        ReadOnlySpan<byte> pkM = publicKeyR[..MlKem768.EncapsulationKeySize];
        ReadOnlySpan<byte> pkX = publicKeyR[MlKem768.EncapsulationKeySize..];
        ReadOnlySpan<byte> ekX = eseed[MlKem768.MessageSize..];

        var enc = new byte[EncapsulatedKeySize];
        Span<byte> ctX = enc.AsSpan(MlKem768.CiphertextSize);
        Span<byte> ssX = stackalloc byte[XSize];
        X25519Curve.ScalarMultBase(ekX, ctX);
        X25519Curve.ScalarMult(ekX, pkX, ssX);
        var (ssM, ctM) = MlKem768.EncapsDerand(pkM, eseed[..MlKem768.MessageSize]);
        try
        {
            ctM.CopyTo(enc, 0);
            return (Combiner(ssM, ssX, ctX, pkX), enc);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ssM);
            CryptographicOperations.ZeroMemory(ssX);
        }
    }

    public byte[] Decap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> privateKeyR)
    {
        if (enc.Length != EncapsulatedKeySize)
            throw new InvalidKeyException($"X-Wing ciphertext must be {EncapsulatedKeySize} bytes, got {enc.Length}.");
        using var expanded = Expand(privateKeyR);
        ReadOnlySpan<byte> ctX = enc[MlKem768.CiphertextSize..];
        byte[] ssM = MlKem768.Decaps(expanded.SkM, enc[..MlKem768.CiphertextSize]);
        Span<byte> ssX = stackalloc byte[XSize];
        try
        {
            X25519Curve.ScalarMult(expanded.SkX, ctX, ssX);
            return Combiner(ssM, ssX, ctX, expanded.PkX);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ssM);
            CryptographicOperations.ZeroMemory(ssX);
        }
    }

    public (byte[] SharedSecret, byte[] Enc) AuthEncap(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> privateKeyS) =>
        throw NotAuthenticated();

    public byte[] AuthDecap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> privateKeyR, ReadOnlySpan<byte> publicKeyS) =>
        throw NotAuthenticated();

    (byte[] SharedSecret, byte[] Enc) IDerandomizedKem.AuthEncapDerand(ReadOnlySpan<byte> publicKeyR,
        ReadOnlySpan<byte> privateKeyS, ReadOnlySpan<byte> ikmE) => throw NotAuthenticated();

    private static NotSupportedException NotAuthenticated() =>
        new("X-Wing is not an authenticated KEM: AuthEncap and AuthDecap do not exist for it.");

    /// <summary>SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel).</summary>
    private static byte[] Combiner(ReadOnlySpan<byte> ssM, ReadOnlySpan<byte> ssX, ReadOnlySpan<byte> ctX, ReadOnlySpan<byte> pkX)
    {
        var sha3 = new Sha3Digest(256);
        sha3.BlockUpdate(ssM);
        sha3.BlockUpdate(ssX);
        sha3.BlockUpdate(ctX);
        sha3.BlockUpdate(pkX);
        sha3.BlockUpdate(Label);
        var ss = new byte[32];
        sha3.DoFinal(ss);
        return ss;
    }

    /// <summary>expandDecapsulationKey: SHAKE256(sk, 96) = d || z || sk_X.</summary>
    private ExpandedKey Expand(ReadOnlySpan<byte> sk)
    {
        if (sk.Length != SeedSize)
            throw new InvalidKeyException($"X-Wing private key must be {SeedSize} bytes, got {sk.Length}.");
        byte[] expanded = new byte[MlKem768.SeedSize + XSize];
        try
        {
            var shake = new ShakeDigest(256);
            shake.BlockUpdate(sk);
            shake.OutputFinal(expanded);
            var skM = MlKem768.KeyFromSeed(expanded.AsSpan(0, MlKem768.SeedSize));
            byte[] skX = expanded.AsSpan(MlKem768.SeedSize).ToArray();
            var pkX = new byte[XSize];
            X25519Curve.ScalarMultBase(skX, pkX);
            var publicKey = new byte[PublicKeySize];
            skM.GetPublicKeyEncoded().CopyTo(publicKey, 0);
            pkX.CopyTo(publicKey, MlKem768.EncapsulationKeySize);
            return new ExpandedKey(skM, skX, pkX, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expanded);
        }
    }

    /// <summary>The expanded decapsulation key; disposing zeroes the X25519 scalar (BouncyCastle's
    /// ML-KEM key object offers no way to clear itself).</summary>
    private sealed record ExpandedKey(Org.BouncyCastle.Crypto.Parameters.MLKemPrivateKeyParameters SkM, byte[] SkX, byte[] PkX, byte[] PublicKey)
        : IDisposable
    {
        public void Dispose() => CryptographicOperations.ZeroMemory(SkX);
    }
}
