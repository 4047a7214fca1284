using System.Text.RegularExpressions;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>Statements of docs/envelope.md that an independent implementation relies on, read from the
/// document and checked against the code, so that the two cannot drift apart silently.</summary>
public sealed partial class SpecAgreementTests
{
    static readonly string Spec = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "envelope.md"));

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FedHybrid.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FedHybrid.sln not found above the test output");
    }

    static string Row(string start) => Spec.Split('\n').Single(line => line.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void TheSpecStatesTheRsaPssKeySizeThatIsGenerated()
    {
        var stated = RsaPssBits().Match(Row("| 3 RSA-PSS |"));
        Assert.True(stated.Success, "the RSA-PSS row names no generated key size");
        var key = (RsaPssVerificationKey)TestKeys.Signer(SignatureAlgorithm.RsaPssSha256).VerificationKey;
        Assert.Equal(int.Parse(stated.Groups[1].Value), key.KeySizeBits);
    }

    [Fact]
    public void BodyLengthMeansTheWireLengthOnlyAndItsFormulaIsTheCodes()
    {
        // The header field is the plaintext length; "body length" is defined once, as B.
        Assert.Contains("| 32 | 8 | plaintext length |", Spec);
        Assert.DoesNotContain("| body length |", Spec);
        Assert.Contains("`B = 56 + L + 16 * (floor(L / 16384) + 1)`", Spec);
        foreach (long l in new long[] { 0, 1, 16383, 16384, 16385, 50_001, 6_650_000 })
        {
            Assert.Equal(56 + l + 16 * (l / 16384 + 1), EnvelopeFormat.BodyLength(SuiteId.HpkeX25519Aes256Gcm, l));
            Assert.Equal(l, EnvelopeFormat.BodyLength(SuiteId.None, l));
        }
    }

    [Theory]
    [InlineData(SuiteId.HpkeX25519Aes256Gcm)]
    [InlineData(SuiteId.HpkeP256Aes256Gcm)]
    [InlineData(SuiteId.PqXWingAes256Gcm)]
    public void EveryStanzaSizeTheSpecStatesIsTheOneTheParserRequires(SuiteId suite)
    {
        var size = uint.Parse(StanzaBytes().Match(Row($"| {(byte)suite} | `{Suite.NameOf(suite)}`")).Groups[1].Value);
        Assert.True(EnvelopeFormat.IsStanzaLength(suite, size));
        Assert.False(EnvelopeFormat.IsStanzaLength(suite, size + 1));
        Assert.Contains("for **every** recipient", Row("| | per recipient |"));
    }

    [GeneratedRegex(@"makes (\d+)-bit keys")]
    private static partial Regex RsaPssBits();

    [GeneratedRegex(@"= (\d+) bytes \|$")]
    private static partial Regex StanzaBytes();
}
