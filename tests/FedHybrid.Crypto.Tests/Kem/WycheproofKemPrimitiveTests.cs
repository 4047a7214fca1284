using System.Text.Json;
using FedHybrid.Crypto.Kem;
using FedHybrid.Crypto.Tests.Hpke;
using Xunit;

namespace FedHybrid.Crypto.Tests.Kem;

/// <summary>Wycheproof (C2SP/wycheproof testvectors_v1) against the exact primitive paths the
/// KEMs use: DHKEM's X25519 and P-256 DH, and ML-KEM-768 inside X-Wing.</summary>
public sealed class WycheproofKemPrimitiveTests
{
    [Fact]
    public void X25519_dh()
    {
        var kem = new DhkemX25519();
        int valid = 0, zeroRejected = 0;
        foreach (var (_, t) in VectorFile.WycheproofTests("x25519_test.json"))
        {
            var output = new byte[32];
            byte[] shared = t.Hex("shared");
            string result = t.Str("result");
            Assert.NotEqual("invalid", result); // the file has none; if one appears, decide it here
            if (shared.All(b => b == 0))
            {
                // "acceptable" low-order public keys: RFC 9180 §7.1.4 requires rejecting them.
                Assert.Throws<InvalidKeyException>(() => kem.Dh(t.Hex("private"), t.Hex("public"), output, "public key"));
                zeroRejected++;
                continue;
            }
            // Valid and the other "acceptable" cases (twist points, non-canonical u): RFC 7748
            // computes them, and so do we, with the vector's result.
            kem.Dh(t.Hex("private"), t.Hex("public"), output, "public key");
            Assert.True(shared.SequenceEqual(output), $"tcId {t.Int("tcId")}");
            valid++;
        }
        Assert.Equal(518, valid + zeroRejected);
        Assert.Equal(31, zeroRejected);
    }

    [Fact]
    public void P256_dh()
    {
        var kem = new DhkemP256();
        int accepted = 0, rejected = 0;
        foreach (var (_, t) in VectorFile.WycheproofTests("ecdh_secp256r1_ecpoint_test.json"))
        {
            byte[] privateKey = FixedWidth(t.Hex("private"), 32);
            byte[] publicKey = t.Hex("public");
            var output = new byte[32];
            bool compressed = t.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "CompressedPoint");
            if (t.Str("result") == "valid")
            {
                kem.Dh(privateKey, publicKey, output, "public key");
                Assert.True(t.Hex("shared").SequenceEqual(output), $"tcId {t.Int("tcId")}");
                accepted++;
            }
            else
            {
                // Invalid points and encodings; the one "acceptable" case is a compressed point,
                // which RFC 9180's SerializePublicKey (uncompressed only) does not allow.
                Assert.True(t.Str("result") == "invalid" || compressed, $"tcId {t.Int("tcId")}");
                Assert.Throws<InvalidKeyException>(() => kem.Dh(privateKey, publicKey, output, "public key"));
                rejected++;
            }
        }
        Assert.Equal((330, 25), (accepted, rejected));
    }

    [Fact]
    public void MlKem768_keygen_and_decaps()
    {
        int valid = 0, invalid = 0;
        foreach (var (_, t) in VectorFile.WycheproofTests("mlkem_768_test.json"))
        {
            byte[] seed = t.Hex("seed"), c = t.Hex("c");
            if (t.Str("result") == "valid")
            {
                var key = MlKem768.KeyFromSeed(seed);
                Assert.Equal(t.Hex("ek"), key.GetPublicKeyEncoded());
                Assert.True(t.Hex("K").SequenceEqual(MlKem768.Decaps(key, c)), $"tcId {t.Int("tcId")}");
                valid++;
            }
            else
            {
                // Seeds of the wrong length, or ciphertexts of the wrong length.
                Assert.Throws<InvalidKeyException>(() => MlKem768.Decaps(MlKem768.KeyFromSeed(seed), c));
                invalid++;
            }
        }
        Assert.Equal((153, 40), (valid, invalid));
    }

    [Fact]
    public void MlKem768_encaps()
    {
        int valid = 0, invalid = 0;
        foreach (var (_, t) in VectorFile.WycheproofTests("mlkem_768_encaps_test.json"))
        {
            byte[] ek = t.Hex("ek"), m = t.Hex("m");
            if (t.Str("result") == "valid")
            {
                var (k, c) = MlKem768.EncapsDerand(ek, m);
                Assert.Equal(t.Hex("c"), c);
                Assert.True(t.Hex("K").SequenceEqual(k), $"tcId {t.Int("tcId")}");
                valid++;
            }
            else
            {
                // Unreduced coefficients (the FIPS 203 §7.2 modulus check) and wrong lengths.
                Assert.Throws<InvalidKeyException>(() => MlKem768.EncapsDerand(ek, m));
                invalid++;
            }
        }
        Assert.Equal((133, 132), (valid, invalid));
    }

    /// <summary>Wycheproof writes scalars as ASN.1 integers (a leading 00, or fewer bytes).</summary>
    private static byte[] FixedWidth(byte[] value, int width)
    {
        var trimmed = value.AsSpan().TrimStart((byte)0);
        Assert.True(trimmed.Length <= width);
        var result = new byte[width];
        trimmed.CopyTo(result.AsSpan(width - trimmed.Length));
        return result;
    }
}
