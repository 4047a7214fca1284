using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Kem;

/// <summary>DHKEM(P-256, HKDF-SHA256), RFC 9180 §7.1, on System.Security.Cryptography's ECDH.
/// Public keys are uncompressed SEC1 points (65 bytes), private keys 32-byte big-endian scalars.
/// Points are validated (on the curve, not the identity) when imported.</summary>
internal sealed class DhkemP256 : DhKem
{
    private const int CoordinateSize = 32;

    // The order n of P-256, big-endian.
    private static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ];

    public DhkemP256() : base(KemId.DhkemP256HkdfSha256) { }

    public override int PublicKeySize => 1 + 2 * CoordinateSize;
    public override int PrivateKeySize => CoordinateSize;
    protected override int DhSize => CoordinateSize;

    public override byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        using var ecdh = ImportPrivate(privateKey);
        var q = ecdh.ExportParameters(false).Q;
        var publicKey = new byte[PublicKeySize];
        publicKey[0] = 0x04;
        q.X!.CopyTo(publicKey, 1);
        q.Y!.CopyTo(publicKey, 1 + CoordinateSize);
        return publicKey;
    }

    /// <summary>RFC 9180 §7.1.3 rejection sampling with bitmask 0xff.</summary>
    protected override byte[] DeriveSecretKey(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> dkpPrk)
    {
        var sk = new byte[PrivateKeySize];
        Span<byte> counter = stackalloc byte[1];
        for (int i = 0; i <= 255; i++)
        {
            counter[0] = (byte)i;
            LabeledHkdf.Expand(suiteId, dkpPrk, "candidate"u8, counter, sk);
            sk[0] &= 0xFF;
            if (IsValidScalar(sk))
                return sk;
        }
        CryptographicOperations.ZeroMemory(sk);
        throw new CryptoException("DHKEM(P-256) DeriveKeyPair found no valid scalar in 256 candidates.");
    }

    protected internal override void Dh(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> output, string role)
    {
        using var mine = ImportPrivate(privateKey);
        using var peer = ImportPublic(publicKey, role);
        byte[] z = mine.DeriveRawSecretAgreement(peer.PublicKey);
        try
        {
            z.CopyTo(output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    private ECDiffieHellman ImportPrivate(ReadOnlySpan<byte> privateKey)
    {
        CheckPrivateKeyLength(privateKey);
        if (!IsValidScalar(privateKey))
            throw new InvalidKeyException($"{Id}: private key is not a scalar in [1, n-1].");
        byte[] d = privateKey.ToArray();
        try
        {
            return ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        }
        catch (CryptographicException e)
        {
            throw new InvalidKeyException($"{Id}: private key rejected: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    private ECDiffieHellman ImportPublic(ReadOnlySpan<byte> publicKey, string role)
    {
        CheckPublicKeyLength(publicKey, role);
        if (publicKey[0] != 0x04)
            throw new InvalidKeyException($"{Id}: the {role} must be an uncompressed point (0x04 prefix), got prefix 0x{publicKey[0]:x2}.");
        var q = new ECPoint
        {
            X = publicKey.Slice(1, CoordinateSize).ToArray(),
            Y = publicKey.Slice(1 + CoordinateSize, CoordinateSize).ToArray(),
        };
        try
        {
            // Import validates the point: coordinates below p, on the curve.
            return ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
        }
        catch (CryptographicException e)
        {
            throw new InvalidKeyException($"{Id}: the {role} is not a valid P-256 point: {e.Message}", e);
        }
    }

    /// <summary>0 &lt; s &lt; n, compared big-endian without early exit.</summary>
    private static bool IsValidScalar(ReadOnlySpan<byte> s)
    {
        int nonZero = 0, less = 0, decided = 0;
        for (int i = 0; i < s.Length; i++)
        {
            nonZero |= s[i];
            int lt = s[i] < Order[i] ? 1 : 0, gt = s[i] > Order[i] ? 1 : 0;
            less |= lt & ~decided;
            decided |= lt | gt;
        }
        return nonZero != 0 && less == 1;
    }
}
