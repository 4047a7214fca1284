using FedHybrid.Crypto.Tests.Chunked;
using FedHybrid.Crypto.Wrap;

namespace FedHybrid.Crypto.Tests.Wrap;

/// <summary>Wycheproof RSA-OAEP-SHA256 (MGF1-SHA256) decryption vectors for 2048, 3072 and 4096-bit keys,
/// through the same decryption the RSA suite's unwrap uses. Vectors with a non-empty OAEP label are
/// not applicable: the suite never uses a label (and .NET's OAEP takes none).</summary>
public sealed class RsaOaepWycheproofTests
{
    [Theory]
    [InlineData("rsa_oaep_2048_sha256_mgf1sha256_test.json")]
    [InlineData("rsa_oaep_3072_sha256_mgf1sha256_test.json")]
    [InlineData("rsa_oaep_4096_sha256_mgf1sha256_test.json")]
    public void EveryUnlabelledVectorHasItsExpectedOutcome(string file)
    {
        int applied = 0;
        var failures = new List<string>();
        foreach (var group in WycheproofJson.Load(file).GetProperty("testGroups").EnumerateArray())
        {
            using var identity = RsaOaepIdentity.ImportPkcs8PrivateKey(group.Hex("privateKeyPkcs8"));
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                if (test.GetProperty("label").GetString() != "") continue;
                applied++;
                bool valid = test.GetProperty("result").GetString() == "valid";
                try
                {
                    var message = identity.Decrypt(test.Hex("ct"));
                    if (!valid) failures.Add($"invalid accepted: {test.Describe()}");
                    else if (!message.AsSpan().SequenceEqual(test.Hex("msg"))) failures.Add($"wrong message: {test.Describe()}");
                }
                catch (NotForThisRecipientException)
                {
                    if (valid) failures.Add($"valid rejected: {test.Describe()}");
                }
            }
        }
        Assert.Empty(failures);
        Assert.True(applied >= 20, $"only {applied} vectors applied");
    }

    [Fact]
    public void WrapsAndUnwrapsADataKeyUnderEachSize()
    {
        var fileKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var identity = RsaOaepIdentity.Generate(2048);
        var stanza = identity.Recipient.Wrap(fileKey, default);
        Assert.Equal(256, stanza.Body.Length);
        Assert.Equal(fileKey, identity.Unwrap(stanza, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => RsaOaepIdentity.Generate(1024));
    }
}
