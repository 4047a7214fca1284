using FedHybrid.Crypto.Hpke;
using Xunit;

namespace FedHybrid.Crypto.Tests.Hpke;

/// <summary>Malformed keys and encapsulations, sequence-number exhaustion, and the misuses the
/// API refuses.</summary>
public sealed class HpkeMisuseTests
{
    private static readonly HpkeSuite X25519Suite = new(KemId.DhkemX25519HkdfSha256, KdfId.HkdfSha256, AeadId.Aes256Gcm);
    private static readonly HpkeSuite P256Suite = new(KemId.DhkemP256HkdfSha256, KdfId.HkdfSha256, AeadId.Aes256Gcm);
    private static readonly HpkeSuite XWingSuite = new(KemId.XWing, KdfId.HkdfSha256, AeadId.Aes256Gcm);

    public static TheoryData<ushort> AllKems() => [.. Enum.GetValues<KemId>().Select(k => (ushort)k)];

    [Theory]
    [MemberData(nameof(AllKems))]
    public void Wrong_length_keys_and_enc_are_invalid_keys(ushort kemValue)
    {
        var id = (KemId)kemValue;
        var suite = new HpkeSuite(id, KdfId.HkdfSha256, AeadId.Aes256Gcm);
        var kem = suite.KemAlgorithm;
        var pair = kem.GenerateKeyPair();
        var (enc, ctx) = suite.SetupBaseS(pair.PublicKey, default);
        ctx.Dispose();
        Assert.Throws<InvalidKeyException>(() => suite.SetupBaseS(pair.PublicKey[..^1], default));
        Assert.Throws<InvalidKeyException>(() => suite.SetupBaseS([.. pair.PublicKey, 0], default));
        Assert.Throws<InvalidKeyException>(() => suite.SetupBaseS([], default));
        Assert.Throws<InvalidKeyException>(() => suite.SetupBaseR(enc[..^1], pair.PrivateKey, default));
        Assert.Throws<InvalidKeyException>(() => suite.SetupBaseR([.. enc, 0], pair.PrivateKey, default));
        Assert.Throws<InvalidKeyException>(() => suite.SetupBaseR(enc, pair.PrivateKey[..^1], default));
        Assert.Throws<InvalidKeyException>(() => kem.PublicKeyOf(new byte[kem.PrivateKeySize + 1]));
    }

    [Fact]
    public void X25519_low_order_enc_or_public_key_is_rejected()
    {
        var pair = X25519Suite.KemAlgorithm.GenerateKeyPair();
        // u = 0 and u = 1 are low-order points: DH gives all zeroes (RFC 9180 §7.1.4).
        byte[] zero = new byte[32], one = new byte[32];
        one[0] = 1;
        Assert.Throws<InvalidKeyException>(() => X25519Suite.SetupBaseR(zero, pair.PrivateKey, default));
        Assert.Throws<InvalidKeyException>(() => X25519Suite.SetupBaseR(one, pair.PrivateKey, default));
        Assert.Throws<InvalidKeyException>(() => X25519Suite.SetupBaseS(zero, default));
        var sender = X25519Suite.KemAlgorithm.GenerateKeyPair();
        var (enc, ctx) = X25519Suite.SetupAuthS(pair.PublicKey, default, sender.PrivateKey);
        ctx.Dispose();
        Assert.Throws<InvalidKeyException>(() => X25519Suite.SetupAuthR(enc, pair.PrivateKey, default, one));
    }

    [Fact]
    public void P256_off_curve_compressed_and_out_of_range_inputs_are_rejected()
    {
        var pair = P256Suite.KemAlgorithm.GenerateKeyPair();
        byte[] offCurve = (byte[])pair.PublicKey.Clone();
        offCurve[^1] ^= 1;
        Assert.Throws<InvalidKeyException>(() => P256Suite.SetupBaseS(offCurve, default));
        Assert.Throws<InvalidKeyException>(() => P256Suite.SetupBaseR(offCurve, pair.PrivateKey, default));
        byte[] wrongPrefix = (byte[])pair.PublicKey.Clone();
        wrongPrefix[0] = 0x02;
        Assert.Throws<InvalidKeyException>(() => P256Suite.SetupBaseR(wrongPrefix, pair.PrivateKey, default));
        byte[] identity = new byte[65];
        identity[0] = 0x04;
        Assert.Throws<InvalidKeyException>(() => P256Suite.SetupBaseR(identity, pair.PrivateKey, default));
        // Private scalars 0 and n are not keys.
        Assert.Throws<InvalidKeyException>(() => P256Suite.KemAlgorithm.PublicKeyOf(new byte[32]));
        byte[] order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        Assert.Throws<InvalidKeyException>(() => P256Suite.KemAlgorithm.PublicKeyOf(order));
        order[^1] -= 1; // n - 1 is the largest valid scalar
        Assert.Equal(65, P256Suite.KemAlgorithm.PublicKeyOf(order).Length);
    }

    [Fact]
    public void XWing_has_no_auth_modes()
    {
        var pair = XWingSuite.KemAlgorithm.GenerateKeyPair();
        Assert.False(XWingSuite.KemAlgorithm.SupportsAuth);
        Assert.Throws<NotSupportedException>(() => XWingSuite.SetupAuthS(pair.PublicKey, default, pair.PrivateKey));
        Assert.Throws<NotSupportedException>(() => XWingSuite.KemAlgorithm.AuthEncap(pair.PublicKey, pair.PrivateKey));
    }

    [Fact]
    public void XWing_rejects_an_unreduced_ml_kem_public_key()
    {
        var pair = XWingSuite.KemAlgorithm.GenerateKeyPair();
        byte[] bad = (byte[])pair.PublicKey.Clone();
        bad[0] = 0xFF; // first 12-bit coefficient becomes >= 0xF00 > q = 3329
        bad[1] |= 0x0F;
        Assert.Throws<InvalidKeyException>(() => XWingSuite.SetupBaseS(bad, default));
    }

    [Fact]
    public void Sequence_number_overflow_throws_and_never_reuses_a_nonce()
    {
        var pair = X25519Suite.KemAlgorithm.GenerateKeyPair();
        var (enc, s) = X25519Suite.SetupBaseS(pair.PublicKey, default);
        using var r = X25519Suite.SetupBaseR(enc, pair.PrivateKey, default);
        s.Sequence = ulong.MaxValue - 1;
        r.Sequence = ulong.MaxValue - 1;
        byte[] last = s.Seal(default, "last"u8);
        Assert.Equal(ulong.MaxValue, s.Sequence);
        Assert.Throws<CryptoException>(() => s.Seal(default, "one too many"u8));
        Assert.Equal(ulong.MaxValue, s.Sequence);
        Assert.Equal("last"u8.ToArray(), r.Open(default, last));
        Assert.Throws<CryptoException>(() => r.Open(default, last));
        s.Dispose();
    }

    [Fact]
    public void Failed_open_does_not_advance_and_out_of_order_fails()
    {
        var pair = X25519Suite.KemAlgorithm.GenerateKeyPair();
        var (enc, s) = X25519Suite.SetupBaseS(pair.PublicKey, default);
        using var r = X25519Suite.SetupBaseR(enc, pair.PrivateKey, default);
        byte[] first = s.Seal(default, "1"u8), second = s.Seal(default, "2"u8);
        Assert.Throws<AuthenticationFailedException>(() => r.Open(default, second)); // reordered
        Assert.Equal(0UL, r.Sequence);
        Assert.Equal("1"u8.ToArray(), r.Open(default, first));
        Assert.Throws<AuthenticationFailedException>(() => r.Open(default, first)); // replayed
        Assert.Equal("2"u8.ToArray(), r.Open(default, second));
        s.Dispose();
    }

    [Fact]
    public void Roles_psk_rules_and_disposal_are_enforced()
    {
        var pair = X25519Suite.KemAlgorithm.GenerateKeyPair();
        var (enc, s) = X25519Suite.SetupBaseS(pair.PublicKey, default);
        var r = X25519Suite.SetupBaseR(enc, pair.PrivateKey, default);
        Assert.Throws<InvalidOperationException>(() => r.Seal(default, "x"u8));
        Assert.Throws<InvalidOperationException>(() => s.Open(default, new byte[16]));
        s.Dispose();
        r.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s.Seal(default, "x"u8));
        Assert.Throws<ObjectDisposedException>(() => r.Export("x"u8, 32));

        byte[] psk = new byte[32], shortPsk = new byte[31];
        Assert.Throws<ArgumentException>(() => X25519Suite.SetupPskS(pair.PublicKey, default, psk, default));
        Assert.Throws<ArgumentException>(() => X25519Suite.SetupPskS(pair.PublicKey, default, default, "id"u8));
        Assert.Throws<ArgumentException>(() => X25519Suite.SetupPskS(pair.PublicKey, default, shortPsk, "id"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => X25519Suite.SetupBaseS(pair.PublicKey, default).Context.Export(default, 255 * 32 + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HpkeSuite((KemId)0x0011, KdfId.HkdfSha256, AeadId.Aes256Gcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HpkeSuite(KemId.XWing, (KdfId)2, AeadId.Aes256Gcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HpkeSuite(KemId.XWing, KdfId.HkdfSha256, (AeadId)1));
    }

    [Fact]
    public void Psk_binds_the_context()
    {
        var pair = X25519Suite.KemAlgorithm.GenerateKeyPair();
        byte[] psk = Enumerable.Repeat((byte)7, 32).ToArray(), otherPsk = Enumerable.Repeat((byte)8, 32).ToArray();
        var (enc, s) = X25519Suite.SetupPskS(pair.PublicKey, default, psk, "id"u8);
        byte[] ct = s.Seal(default, "m"u8);
        s.Dispose();
        using var wrongPsk = X25519Suite.SetupPskR(enc, pair.PrivateKey, default, otherPsk, "id"u8);
        Assert.Throws<AuthenticationFailedException>(() => wrongPsk.Open(default, ct));
        using var wrongId = X25519Suite.SetupPskR(enc, pair.PrivateKey, default, psk, "other"u8);
        Assert.Throws<AuthenticationFailedException>(() => wrongId.Open(default, ct));
        using var baseMode = X25519Suite.SetupBaseR(enc, pair.PrivateKey, default);
        Assert.Throws<AuthenticationFailedException>(() => baseMode.Open(default, ct));
    }
}
