using System.Text.Json;
using FedHybrid.Crypto.Hpke;
using Xunit;

namespace FedHybrid.Crypto.Tests.Hpke;

/// <summary>Wycheproof AEAD sets against the AEAD classes HPKE contexts use. HPKE fixes 12-byte
/// nonces and 16-byte tags: cases with other nonce sizes must be refused, whatever their result.</summary>
public sealed class WycheproofAeadTests
{
    [Fact]
    public void Aes256Gcm()
    {
        var counts = Run("aes_gcm_test.json", g => g.Int("keySize") == 256, key => new AesGcmAead(key));
        Assert.Equal((39, 27, 39), counts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChaCha20Poly1305(bool platform)
    {
        if (platform && !System.Security.Cryptography.ChaCha20Poly1305.IsSupported)
            Assert.Skip("The platform has no ChaCha20-Poly1305; the BouncyCastle path is the one in use.");
        var counts = Run("chacha20_poly1305_test.json", _ => true, key =>
        {
            var aead = new ChaChaPolyAead(key, platform);
            Assert.Equal(platform, aead.UsesPlatform);
            return aead;
        });
        Assert.Equal((256, 60, 9), counts);
    }

    /// <summary>Returns (valid passed, invalid rejected, other nonce sizes refused).</summary>
    private static (int, int, int) Run(string file, Func<JsonElement, bool> groupFilter, Func<byte[], HpkeAead> create)
    {
        int valid = 0, invalid = 0, refused = 0;
        foreach (var (g, t) in VectorFile.WycheproofTests(file))
        {
            if (!groupFilter(g) || g.Int("tagSize") != 128)
                continue;
            using var aead = create(t.Hex("key"));
            byte[] iv = t.Hex("iv"), aad = t.Hex("aad"), msg = t.Hex("msg");
            byte[] sealedBytes = [.. t.Hex("ct"), .. t.Hex("tag")];
            string id = $"tcId {t.Int("tcId")}";
            if (iv.Length != HpkeAead.NonceSize)
            {
                Assert.Throws<ArgumentException>(() => aead.Open(iv, aad, sealedBytes));
                Assert.Throws<ArgumentException>(() => aead.Seal(iv, aad, msg));
                refused++;
            }
            else if (t.Str("result") == "valid")
            {
                Assert.True(sealedBytes.AsSpan().SequenceEqual(aead.Seal(iv, aad, msg)), id);
                Assert.True(msg.AsSpan().SequenceEqual(aead.Open(iv, aad, sealedBytes)), id);
                valid++;
            }
            else
            {
                Assert.Throws<AuthenticationFailedException>(() => aead.Open(iv, aad, sealedBytes));
                invalid++;
            }
        }
        return (valid, invalid, refused);
    }
}
