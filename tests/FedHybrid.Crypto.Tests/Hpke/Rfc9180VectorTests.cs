using Xunit;
using System.Text.Json;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Tests.Hpke;

/// <summary>RFC 9180 Appendix A (and the CFRG test-vectors.json reductions), run through the
/// public key derivation, the internal derandomized sender setup, the recipient setup, every
/// encryption at its sequence number, and the exports.</summary>
public sealed class Rfc9180VectorTests
{
    private static readonly string[] Files = ["rfc9180-appendix-a.json", "cfrg-test-vectors-p256-extra.json"];

    private static readonly HashSet<int> Kems = [(int)KemId.DhkemX25519HkdfSha256, (int)KemId.DhkemP256HkdfSha256];
    private static readonly HashSet<int> Aeads = [(int)AeadId.Aes256Gcm, (int)AeadId.ChaCha20Poly1305, (int)AeadId.ExportOnly];

    /// <summary>The vectors of suites we claim (KEM X25519 or P-256, HKDF-SHA256, our AEADs).</summary>
    public static TheoryData<string, int, string> SupportedVectors() => Select(v =>
        Kems.Contains(v.Int("kem_id")) && v.Int("kdf_id") == (int)KdfId.HkdfSha256 && Aeads.Contains(v.Int("aead_id")));

    /// <summary>Every vector whose KEM we implement, whatever its KDF or AEAD: the KEM is independent of them.</summary>
    public static TheoryData<string, int, string> KemVectors() => Select(v => Kems.Contains(v.Int("kem_id")));

    [Theory]
    [MemberData(nameof(SupportedVectors))]
    public void Vector_reproduces_enc_ciphertexts_and_exports(string file, int index, string label)
    {
        var v = Vector(file, index);
        var mode = (HpkeMode)v.Int("mode");
        var suite = new HpkeSuite((KemId)v.Int("kem_id"), (KdfId)v.Int("kdf_id"), (AeadId)v.Int("aead_id"));
        byte[] info = v.Hex("info"), psk = v.Hex("psk"), pskId = v.Hex("psk_id");
        byte[] skR = v.Hex("skRm"), skS = v.Hex("skSm"), pkS = v.Hex("pkSm");

        var (enc, sender) = suite.SetupS(mode, v.Hex("pkRm"), info, psk, pskId, skS, v.Hex("ikmE"));
        using (sender)
        using (var recipient = suite.SetupR(mode, enc, skR, info, psk, pskId, pkS))
        {
            Assert.Equal(v.Hex("enc"), enc);
            foreach (var e in v.GetProperty("encryptions").EnumerateArray())
            {
                ulong seq = (ulong)e.Int("seq");
                sender.Sequence = seq;
                recipient.Sequence = seq;
                Assert.Equal(e.Hex("ct"), sender.Seal(e.Hex("aad"), e.Hex("pt")));
                Assert.Equal(e.Hex("pt"), recipient.Open(e.Hex("aad"), e.Hex("ct")));
                Assert.Equal(seq + 1, sender.Sequence);
            }
            foreach (var x in v.GetProperty("exports").EnumerateArray())
            {
                byte[] context = x.Hex("exporter_context");
                int length = x.Int("L");
                Assert.Equal(x.Hex("exported_value"), sender.Export(context, length));
                Assert.Equal(x.Hex("exported_value"), recipient.Export(context, length));
            }
        }
        Assert.True(v.GetProperty("exports").GetArrayLength() > 0, label);
    }

    [Theory]
    [MemberData(nameof(KemVectors))]
    public void Vector_key_derivation_and_kem_match(string file, int index, string label)
    {
        var v = Vector(file, index);
        var kem = HpkeSuite.Kem((KemId)v.Int("kem_id"));
        AssertKeyPair(kem, v, "ikmR", "skRm", "pkRm");
        AssertKeyPair(kem, v, "ikmE", "skEm", "pkEm");
        bool auth = v.Int("mode") is (int)HpkeMode.Auth or (int)HpkeMode.AuthPsk;
        if (auth)
            AssertKeyPair(kem, v, "ikmS", "skSm", "pkSm");

        var derand = (IDerandomizedKem)kem;
        var (sharedSecret, enc) = auth
            ? derand.AuthEncapDerand(v.Hex("pkRm"), v.Hex("skSm"), v.Hex("ikmE"))
            : derand.EncapDerand(v.Hex("pkRm"), v.Hex("ikmE"));
        Assert.Equal(v.Hex("enc"), enc);
        Assert.Equal(v.Hex("shared_secret"), sharedSecret);
        byte[] decapped = auth ? kem.AuthDecap(enc, v.Hex("skRm"), v.Hex("pkSm")) : kem.Decap(enc, v.Hex("skRm"));
        Assert.True(decapped.SequenceEqual(v.Hex("shared_secret")), label);
    }

    private static void AssertKeyPair(IKem kem, JsonElement v, string ikm, string sk, string pk)
    {
        var pair = kem.DeriveKeyPair(v.Hex(ikm));
        Assert.Equal(v.Hex(sk), pair.PrivateKey);
        Assert.Equal(v.Hex(pk), pair.PublicKey);
        Assert.Equal(v.Hex(pk), kem.PublicKeyOf(v.Hex(sk)));
    }

    private static TheoryData<string, int, string> Select(Func<JsonElement, bool> keep)
    {
        var data = new TheoryData<string, int, string>();
        foreach (string file in Files)
        {
            int index = 0;
            foreach (var v in VectorFile.Load("hpke", file).EnumerateArray())
            {
                if (keep(v))
                    data.Add(file, index, $"mode {v.Int("mode")} kem 0x{v.Int("kem_id"):x4} kdf 0x{v.Int("kdf_id"):x4} aead 0x{v.Int("aead_id"):x4}");
                index++;
            }
        }
        return data;
    }

    private static JsonElement Vector(string file, int index) => VectorFile.Load("hpke", file)[index];
}
