using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Tests.Chunked;

namespace FedHybrid.Crypto.Tests.Signatures;

/// <summary>Wycheproof ed25519_test.json and ecdsa_secp256r1_sha256_p1363_test.json: every valid
/// signature verifies, every invalid one (malleability, wrong lengths, bad encodings...) is refused. ECDSA
/// keys also refuse valid signatures with high s (s &gt; n/2), by FedHybrid's policy (docs/envelope.md 1.4).</summary>
public sealed class SignatureWycheproofTests
{
    [Theory]
    [InlineData("ed25519_test.json")]
    [InlineData("ecdsa_secp256r1_sha256_p1363_test.json")]
    public void EveryVectorHasItsExpectedOutcome(string file)
    {
        int valid = 0, invalid = 0, highS = 0;
        var failures = new List<string>();
        foreach (var (group, test) in WycheproofJson.Tests(file))
        {
            IVerificationKey key = file.StartsWith("ed25519")
                ? new Ed25519VerificationKey(group.GetProperty("publicKey").Hex("pk"))
                : EcdsaP256VerificationKey.ImportSubjectPublicKeyInfo(group.Hex("publicKeyDer"));
            // The DER form must agree with the raw form for Ed25519 too.
            if (file.StartsWith("ed25519"))
                Assert.Equal(group.Hex("publicKeyDer"), key.ExportSubjectPublicKeyInfo());
            string result = test.GetProperty("result").GetString()!;
            var signature = test.Hex("sig");
            bool verified = key.Verify(test.Hex("msg"), signature);
            if (result == "valid" && file.StartsWith("ecdsa") && !EcdsaP256VerificationKey.IsLowS(signature.AsSpan(32)))
            {
                highS++;
                if (verified) failures.Add($"valid high-s accepted: {test.Describe()}");
            }
            else if (result == "valid") { valid++; if (!verified) failures.Add($"valid rejected: {test.Describe()}"); }
            else if (result == "invalid") { invalid++; if (verified) failures.Add($"invalid accepted: {test.Describe()}"); }
        }
        Assert.Empty(failures);
        Assert.True(valid > 0 && invalid > 0);
        if (file.StartsWith("ecdsa")) Assert.True(highS > 0, "the ECDSA vectors include valid high-s signatures, which must be refused");
    }
}
