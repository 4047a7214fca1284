using System.Security.Cryptography;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Tests.Hpke;

namespace FedHybrid.Crypto.Tests.Chunked;

/// <summary>The two chunk AEAD backends (.NET's AesGcm and libcrypto's EVP interface with a reused
/// context) against Wycheproof's AES-256-GCM set and against each other.</summary>
public sealed class ChunkAeadTests
{
    /// <summary>Every backend this machine can run: OpenSSL is required on Linux, where it is the default.</summary>
    internal static IEnumerable<ChunkAeadBackend> Backends()
    {
        yield return ChunkAeadBackend.Managed;
        if (OperatingSystem.IsLinux()) Assert.True(LibCrypto.IsAvailable, "libcrypto could not be loaded on Linux");
        if (LibCrypto.IsAvailable) yield return ChunkAeadBackend.OpenSsl;
    }

    /// <summary>Backend names (the enum is internal, test data must be public).</summary>
    public static TheoryData<string> BackendData() => [nameof(ChunkAeadBackend.Managed), nameof(ChunkAeadBackend.OpenSsl)];

    static ChunkAeadBackend RequireAvailable(string name)
    {
        var backend = Enum.Parse<ChunkAeadBackend>(name);
        if (backend == ChunkAeadBackend.OpenSsl && !LibCrypto.IsAvailable)
            Assert.Skip("libcrypto is not loadable on this platform; chunks use .NET's AesGcm here.");
        return backend;
    }

    [Theory]
    [MemberData(nameof(BackendData))]
    public void WycheproofAes256GcmWithTwelveByteNonces(string backendName)
    {
        var backend = RequireAvailable(backendName);
        int valid = 0, invalid = 0;
        foreach (var (g, t) in VectorFile.WycheproofTests("aes_gcm_test.json"))
        {
            if (g.Int("keySize") != 256 || g.Int("tagSize") != 128 || g.Int("ivSize") != 96) continue;
            using var aead = ChunkAead.Create(t.Hex("key"), backend);
            byte[] iv = t.Hex("iv"), aad = t.Hex("aad"), msg = t.Hex("msg"), ct = t.Hex("ct"), tag = t.Hex("tag");
            string id = $"tcId {t.Int("tcId")}";
            var opened = new byte[ct.Length];
            if (t.Str("result") == "valid")
            {
                var sealedCt = new byte[msg.Length];
                var sealedTag = new byte[16];
                aead.Encrypt(iv, msg, sealedCt, sealedTag, aad);
                Assert.True(ct.AsSpan().SequenceEqual(sealedCt) && tag.AsSpan().SequenceEqual(sealedTag), id);
                Assert.True(aead.TryDecrypt(iv, ct, tag, opened, aad), id);
                Assert.True(msg.AsSpan().SequenceEqual(opened), id);
                valid++;
            }
            else
            {
                Assert.False(aead.TryDecrypt(iv, ct, tag, opened, aad), id);
                invalid++;
            }
        }
        Assert.True(valid > 20 && invalid > 10, $"{valid} valid / {invalid} invalid cases ran");
    }

    [Theory]
    [MemberData(nameof(BackendData))]
    public void EveryFlippedBitFailsAndTheContextStaysUsable(string backendName)
    {
        var backend = RequireAvailable(backendName);
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var message = RandomNumberGenerator.GetBytes(100);
        using var aead = ChunkAead.Create(key, backend);
        var ct = new byte[100];
        var tag = new byte[16];
        aead.Encrypt(nonce, message, ct, tag);
        var opened = new byte[100];
        for (int bit = 0; bit < (ct.Length + tag.Length) * 8; bit += 7)
        {
            byte[] badCt = (byte[])ct.Clone(), badTag = (byte[])tag.Clone();
            if (bit < ct.Length * 8) badCt[bit / 8] ^= (byte)(1 << (bit % 8));
            else badTag[bit / 8 - ct.Length] ^= (byte)(1 << (bit % 8));
            Assert.False(aead.TryDecrypt(nonce, badCt, badTag, opened));
        }
        // A failed tag check leaves the context keyed for the next chunk.
        Assert.True(aead.TryDecrypt(nonce, ct, tag, opened));
        Assert.Equal(message, opened);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(16384, 1)]
    [InlineData(16384 * 7 + 5, 1)]
    [InlineData(16384 * 7 + 5, 2)]
    public void BackendsSealIdenticalChunks(int length, int parallelism)
    {
        if (!LibCrypto.IsAvailable) Assert.Skip("libcrypto is not loadable on this platform: only one backend to compare.");
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var message = RandomNumberGenerator.GetBytes(length);
        var sealedLength = (int)ChunkCipher.SealedLength(length, final: true);
        byte[] managed = new byte[sealedLength], openSsl = new byte[sealedLength];
        using (var cipher = new ChunkCipher(key, nonce, ChunkAeadBackend.Managed)) cipher.Seal(3, message, managed, final: true, parallelism);
        using (var cipher = new ChunkCipher(key, nonce, ChunkAeadBackend.OpenSsl)) cipher.Seal(3, message, openSsl, final: true, parallelism);
        Assert.Equal(managed, openSsl);

        // Each backend opens what the other sealed.
        var opened = new byte[length];
        using (var cipher = new ChunkCipher(key, nonce, ChunkAeadBackend.OpenSsl)) cipher.Open(3, managed, opened, final: true, parallelism);
        Assert.Equal(message, opened);
        using (var cipher = new ChunkCipher(key, nonce, ChunkAeadBackend.Managed)) cipher.Open(3, openSsl, opened, final: true, parallelism);
        Assert.Equal(message, opened);
    }

    [Fact]
    public void AutoUsesOpenSslWhereItLoads()
    {
        using var aead = ChunkAead.Create(new byte[32]);
        Assert.IsType(LibCrypto.IsAvailable ? typeof(OpenSslChunkAead) : typeof(ManagedChunkAead), aead);
    }

    [Fact]
    public void OpenSslRefusesAWrongKeySize()
    {
        if (!LibCrypto.IsAvailable) Assert.Skip("libcrypto is not loadable on this platform.");
        Assert.Throws<InvalidKeyException>(() => new OpenSslChunkAead(new byte[16]));
    }
}
