using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using FedHybrid.Crypto.Chunked;

namespace FedHybrid.Crypto.Tests.Chunked;

/// <summary>Every Cobblestone-256 vector of Wycheproof (c2sp_chunked_encryption_aes_256_gcm_test.json),
/// applied as its doc/c2sp_chunked_encryption.md says: decryption (span and stream, serial and
/// parallel), raw mode, and raw-mode / salt-injected encryption reproducing the ciphertexts.</summary>
public sealed class Cobblestone256WycheproofTests
{
    const string File = "c2sp_chunked_encryption_aes_256_gcm_test.json";

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        foreach (var (_, test) in WycheproofJson.Tests(File))
            data.Add(test.GetProperty("tcId").GetInt32());
        return data;
    }

    static JsonElement Case(int tcId) => WycheproofJson.Tests(File).Single(t => t.Test.GetProperty("tcId").GetInt32() == tcId).Test;

    static byte[] Ciphertext(JsonElement test)
    {
        using var zlib = new ZLibStream(new MemoryStream(test.Hex("ct")), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zlib.CopyTo(plain);
        return plain.ToArray();
    }

    static void AssertMessage(JsonElement test, ReadOnlySpan<byte> message)
    {
        Assert.Equal(test.GetProperty("msgLength").GetInt64(), message.Length);
        Assert.Equal(test.Hex("msgSha512"), SHA512.HashData(message));
    }

    [Fact]
    public void TheFileIsCobblestone256AndHasBothOutcomes()
    {
        var root = WycheproofJson.Load(File);
        Assert.Equal("Cobblestone-256", root.GetProperty("algorithm").GetString());
        var results = WycheproofJson.Tests(File).Select(t => t.Test.GetProperty("result").GetString()).ToList();
        Assert.Equal(root.GetProperty("numberOfTests").GetInt32(), results.Count);
        Assert.Contains("valid", results);
        Assert.Contains("invalid", results);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Decrypt(int tcId)
    {
        var test = Case(tcId);
        byte[] key = test.Hex("key"), context = test.Hex("ctx"), ct = Ciphertext(test);
        bool valid = test.GetProperty("result").GetString() == "valid";
        foreach (int parallelism in new[] { 1, 2 })
        {
            if (valid)
            {
                AssertMessage(test, Cobblestone256.Decrypt(key, context, ct, parallelism));
                using var output = new MemoryStream();
                long length = await Cobblestone256.DecryptAsync(key, context, new MemoryStream(ct), output, parallelism, TestContext.Current.CancellationToken);
                Assert.Equal(length, output.Length);
                AssertMessage(test, output.ToArray());
            }
            else
            {
                Assert.ThrowsAny<CryptoException>(() => Cobblestone256.Decrypt(key, context, ct, parallelism));
                using var output = new MemoryStream();
                await Assert.ThrowsAnyAsync<CryptoException>(() => Cobblestone256.DecryptAsync(key, context, new MemoryStream(ct), output, parallelism, TestContext.Current.CancellationToken));
                // A stream may release only the validly encrypted prefix the vector describes.
                long prefix = test.TryGetProperty("msgLength", out var m) ? m.GetInt64() : 0;
                Assert.True(output.Length <= prefix, $"{test.Describe()}: released {output.Length} bytes, valid prefix is {prefix}");
                if (output.Length == prefix && prefix > 0)
                    AssertMessage(test, output.ToArray());
                if (test.HasFlag("HeaderFailure"))
                    Assert.Equal(0, output.Length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RawMode(int tcId)
    {
        var test = Case(tcId);
        if (test.HasFlag("HeaderFailure"))
        {
            Assert.False(test.TryGetProperty("aeadKey", out _), "header-failure vectors carry no raw key");
            return;
        }
        foreach (var backend in ChunkAeadTests.Backends())
            RawModeWith(test, backend);
    }

    static void RawModeWith(JsonElement test, ChunkAeadBackend backend)
    {
        byte[] ct = Ciphertext(test), body = ct[Cobblestone256.HeaderSize..];
        using var cipher = new ChunkCipher(test.Hex("aeadKey"), test.Hex("baseNonce"), backend);
        if (test.GetProperty("result").GetString() != "valid")
        {
            Assert.ThrowsAny<CryptoException>(() => cipher.Open(0, body, new byte[Math.Max(0, ChunkCipherLength(body.Length))], final: true, 2));
            return;
        }
        var message = new byte[ChunkCipher.OpenedLength(body.Length, final: true)];
        cipher.Open(0, body, message, final: true, 1);
        AssertMessage(test, message);

        // Raw-mode encryption is deterministic and must reproduce the vector.
        var resealed = new byte[body.Length];
        cipher.Seal(0, message, resealed, final: true, 2);
        Assert.Equal(body, resealed);

        // So must full encryption with the vector's salt injected.
        var full = new byte[ct.Length];
        Cobblestone256.EncryptWithSalt(test.Hex("key"), test.Hex("ctx"), ct.AsSpan(0, 24), message, full, 1);
        Assert.Equal(ct, full);
    }

    /// <summary>Destination length for a raw body whose length may itself be invalid.</summary>
    static int ChunkCipherLength(int bodyLength)
    {
        try { return (int)ChunkCipher.OpenedLength(bodyLength, final: true); }
        catch (AuthenticationFailedException) { return 0; }
    }
}
