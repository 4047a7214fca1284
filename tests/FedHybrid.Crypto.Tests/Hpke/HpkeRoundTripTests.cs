using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;
using Xunit;

namespace FedHybrid.Crypto.Tests.Hpke;

/// <summary>Round trips over every KEM, AEAD and mode we offer, and the failures that must follow
/// from a wrong key, a tampered ciphertext or associated data, or a wrong sender.</summary>
public sealed class HpkeRoundTripTests
{
    private static readonly byte[] Info = "fedhybrid round trip"u8.ToArray();
    private static readonly byte[] Psk = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();
    private static readonly byte[] PskId = "client-7"u8.ToArray();

    // Theory arguments are the registry numbers: the HPKE types are internal to Crypto.
    public static TheoryData<ushort, ushort, byte> Combinations()
    {
        var data = new TheoryData<ushort, ushort, byte>();
        foreach (var kem in Enum.GetValues<KemId>())
            foreach (var aead in new[] { AeadId.Aes256Gcm, AeadId.ChaCha20Poly1305 })
                foreach (var mode in Enum.GetValues<HpkeMode>())
                    if (HpkeSuite.Kem(kem).SupportsAuth || mode is HpkeMode.Base or HpkeMode.Psk)
                        data.Add((ushort)kem, (ushort)aead, (byte)mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Messages_round_trip_in_order_and_exports_agree(ushort kemValue, ushort aeadValue, byte modeValue)
    {
        var (kemId, aeadId, mode) = ((KemId)kemValue, (AeadId)aeadValue, (HpkeMode)modeValue);
        var suite = new HpkeSuite(kemId, KdfId.HkdfSha256, aeadId);
        var recipient = suite.KemAlgorithm.GenerateKeyPair();
        var sender = suite.KemAlgorithm.GenerateKeyPair();
        var (enc, s) = SetupS(suite, mode, recipient.PublicKey, sender.PrivateKey);
        Assert.Equal(suite.KemAlgorithm.EncapsulatedKeySize, enc.Length);
        using (s)
        using (var r = SetupR(suite, mode, enc, recipient.PrivateKey, sender.PublicKey))
        {
            var messages = new[] { Array.Empty<byte>(), RandomNumberGenerator.GetBytes(1), RandomNumberGenerator.GetBytes(1024), RandomNumberGenerator.GetBytes(70_000) };
            var sealedMessages = messages.Select((m, i) => s.Seal([(byte)i], m)).ToArray();
            // Same plaintext twice gives different ciphertexts: each message has its own nonce.
            Assert.NotEqual(s.Seal([9], messages[2]), s.Seal([9], messages[2]));
            for (int i = 0; i < messages.Length; i++)
                Assert.Equal(messages[i], r.Open([(byte)i], sealedMessages[i]));
            Assert.Equal(s.Export("model key"u8, 32), r.Export("model key"u8, 32));
            Assert.NotEqual(s.Export("model key"u8, 32), r.Export("other"u8, 32));
            Assert.Equal(8160, r.Export(default, 255 * 32).Length);
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Wrong_key_tampering_and_wrong_aad_fail_authentication(ushort kemValue, ushort aeadValue, byte modeValue)
    {
        var (kemId, aeadId, mode) = ((KemId)kemValue, (AeadId)aeadValue, (HpkeMode)modeValue);
        var suite = new HpkeSuite(kemId, KdfId.HkdfSha256, aeadId);
        var kem = suite.KemAlgorithm;
        var recipient = kem.GenerateKeyPair();
        var sender = kem.GenerateKeyPair();
        var stranger = kem.GenerateKeyPair();
        byte[] aad = "header"u8.ToArray(), plaintext = RandomNumberGenerator.GetBytes(100);
        var (enc, s) = SetupS(suite, mode, recipient.PublicKey, sender.PrivateKey);
        byte[] ct;
        using (s)
            ct = s.Seal(aad, plaintext);

        void OpenWith(byte[] e, byte[] skR, byte[] pkS, byte[] a, byte[] c)
        {
            using var r = SetupR(suite, mode, e, skR, pkS);
            r.Open(a, c);
        }

        // The wrong recipient key (X-Wing's implicit rejection yields a different secret, too).
        Assert.Throws<AuthenticationFailedException>(() => OpenWith(enc, stranger.PrivateKey, sender.PublicKey, aad, ct));
        if (kem.SupportsAuth && mode is HpkeMode.Auth or HpkeMode.AuthPsk)
            Assert.Throws<AuthenticationFailedException>(() => OpenWith(enc, recipient.PrivateKey, stranger.PublicKey, aad, ct));
        Assert.Throws<AuthenticationFailedException>(() => OpenWith(enc, recipient.PrivateKey, sender.PublicKey, "other"u8.ToArray(), ct));
        foreach (int bit in new[] { 0, 7, 8 * 50 + 3, 8 * ct.Length - 1 })
        {
            byte[] flipped = (byte[])ct.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<AuthenticationFailedException>(() => OpenWith(enc, recipient.PrivateKey, sender.PublicKey, aad, flipped));
        }
        Assert.Throws<AuthenticationFailedException>(() => OpenWith(enc, recipient.PrivateKey, sender.PublicKey, aad, ct[..^1]));
        Assert.Throws<AuthenticationFailedException>(() => OpenWith(enc, recipient.PrivateKey, sender.PublicKey, aad, ct[..15]));
        // A flipped bit in enc: either an invalid point (DHKEM) or a different secret.
        byte[] badEnc = (byte[])enc.Clone();
        badEnc[^1] ^= 0x01;
        var e = Record.Exception(() => OpenWith(badEnc, recipient.PrivateKey, sender.PublicKey, aad, ct));
        Assert.True(e is AuthenticationFailedException or InvalidKeyException, e?.GetType().Name ?? "no exception");
        // And the untouched message still opens.
        using var ok = SetupR(suite, mode, enc, recipient.PrivateKey, sender.PublicKey);
        Assert.Equal(plaintext, ok.Open(aad, ct));
    }

    [Theory]
    [InlineData((ushort)KemId.DhkemX25519HkdfSha256)]
    [InlineData((ushort)KemId.DhkemP256HkdfSha256)]
    [InlineData((ushort)KemId.XWing)]
    public void Single_shot_seal_and_open(ushort kemValue)
    {
        var kemId = (KemId)kemValue;
        var suite = new HpkeSuite(kemId, KdfId.HkdfSha256, AeadId.Aes256Gcm);
        var pair = suite.KemAlgorithm.GenerateKeyPair();
        byte[] plaintext = RandomNumberGenerator.GetBytes(1024);
        var (enc, ct) = suite.Seal(pair.PublicKey, Info, "aad"u8, plaintext);
        Assert.Equal(plaintext.Length + 16, ct.Length);
        Assert.Equal(plaintext, suite.Open(enc, pair.PrivateKey, Info, "aad"u8, ct));
        Assert.Throws<AuthenticationFailedException>(() => suite.Open(enc, pair.PrivateKey, "other info"u8, "aad"u8, ct));
        // Two seals to the same key never share enc or ciphertext.
        var (enc2, ct2) = suite.Seal(pair.PublicKey, Info, "aad"u8, plaintext);
        Assert.NotEqual(enc, enc2);
        Assert.NotEqual(ct, ct2);
    }

    [Theory]
    [InlineData((ushort)KemId.DhkemX25519HkdfSha256)]
    [InlineData((ushort)KemId.DhkemP256HkdfSha256)]
    [InlineData((ushort)KemId.XWing)]
    public void Export_only_suite_exports_but_refuses_to_seal(ushort kemValue)
    {
        var kemId = (KemId)kemValue;
        var suite = new HpkeSuite(kemId, KdfId.HkdfSha256, AeadId.ExportOnly);
        var pair = suite.KemAlgorithm.GenerateKeyPair();
        var (enc, s) = suite.SetupBaseS(pair.PublicKey, Info);
        using (s)
        using (var r = suite.SetupBaseR(enc, pair.PrivateKey, Info))
        {
            Assert.Equal(s.Export("k"u8, 64), r.Export("k"u8, 64));
            Assert.Throws<NotSupportedException>(() => s.Seal(default, "x"u8));
            Assert.Throws<NotSupportedException>(() => r.Open(default, new byte[16]));
        }
    }

    [Fact]
    public void Kem_encap_and_decap_agree_for_every_kem()
    {
        foreach (var id in Enum.GetValues<KemId>())
        {
            var kem = HpkeSuite.Kem(id);
            var pair = kem.GenerateKeyPair();
            Assert.Equal(pair.PublicKey, kem.PublicKeyOf(pair.PrivateKey));
            var (ss, enc) = kem.Encap(pair.PublicKey);
            Assert.Equal(kem.SharedSecretSize, ss.Length);
            Assert.Equal(ss, kem.Decap(enc, pair.PrivateKey));
            if (kem.SupportsAuth)
            {
                var sender = kem.GenerateKeyPair();
                var (ssA, encA) = kem.AuthEncap(pair.PublicKey, sender.PrivateKey);
                Assert.Equal(ssA, kem.AuthDecap(encA, pair.PrivateKey, sender.PublicKey));
                Assert.NotEqual(ssA, kem.AuthDecap(encA, pair.PrivateKey, kem.GenerateKeyPair().PublicKey));
            }
        }
    }

    internal static (byte[] Enc, HpkeContext Context) SetupS(HpkeSuite suite, HpkeMode mode, byte[] pkR, byte[] skS) => mode switch
    {
        HpkeMode.Base => suite.SetupBaseS(pkR, Info),
        HpkeMode.Psk => suite.SetupPskS(pkR, Info, Psk, PskId),
        HpkeMode.Auth => suite.SetupAuthS(pkR, Info, skS),
        _ => suite.SetupAuthPskS(pkR, Info, Psk, PskId, skS),
    };

    internal static HpkeContext SetupR(HpkeSuite suite, HpkeMode mode, byte[] enc, byte[] skR, byte[] pkS) => mode switch
    {
        HpkeMode.Base => suite.SetupBaseR(enc, skR, Info),
        HpkeMode.Psk => suite.SetupPskR(enc, skR, Info, Psk, PskId),
        HpkeMode.Auth => suite.SetupAuthR(enc, skR, Info, pkS),
        _ => suite.SetupAuthPskR(enc, skR, Info, Psk, PskId, pkS),
    };
}
