using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using TestKeys = FedHybrid.Crypto.Tests.Envelopes.TestKeys;

namespace FedHybrid.Crypto.Tests.Suites;

/// <summary>The one path from a suite (or a key's OID) and key bytes to identity, recipient, signing
/// and verification objects.</summary>
public sealed class KeyImportTests
{
    public static TheoryData<SuiteId> EncryptingSuites() => new(TestKeys.EncryptingSuites);
    public static TheoryData<SignatureAlgorithm> Algorithms() => new(Enum.GetValues<SignatureAlgorithm>());

    [Theory]
    [MemberData(nameof(EncryptingSuites))]
    public void ASuitesKeysImportAsThatSuite_AndWrapAndUnwrap(SuiteId suite)
    {
        var generated = TestKeys.Identity(suite);
        var pkcs8 = generated.ExportPkcs8PrivateKey();
        var spki = generated.Recipient.ExportSubjectPublicKeyInfo();
        using var identity = Suite.ImportIdentity(suite, pkcs8);
        var recipient = Suite.ImportRecipient(suite, spki);
        Assert.Equal(suite, identity.Suite);
        Assert.Equal(suite, recipient.Suite);
        Assert.Equal(spki, identity.Recipient.ExportSubjectPublicKeyInfo());
        var fileKey = new byte[32];
        fileKey[0] = 7;
        Assert.Equal(fileKey, identity.Unwrap(recipient.Wrap(fileKey, "ctx"u8), "ctx"u8));
    }

    [Theory]
    [MemberData(nameof(EncryptingSuites))]
    public void AKeyOfAnotherSuiteIsRefused(SuiteId suite)
    {
        // X25519 and X-Wing keys are raw OID keys of different OIDs; P-256 and RSA are other key types.
        var other = suite == SuiteId.HpkeX25519Aes256Gcm ? SuiteId.PqXWingAes256Gcm : SuiteId.HpkeX25519Aes256Gcm;
        var foreign = TestKeys.Identity(other);
        Assert.Throws<InvalidKeyException>(() => Suite.ImportIdentity(suite, foreign.ExportPkcs8PrivateKey()));
        Assert.Throws<InvalidKeyException>(() => Suite.ImportRecipient(suite, foreign.Recipient.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void TheNoneSuiteHasNoKeyBytes()
    {
        Assert.Equal(SuiteId.None, Suite.ImportRecipient(SuiteId.None, []).Suite);
        using (var identity = Suite.ImportIdentity(SuiteId.None, []))
            Assert.Equal(SuiteId.None, identity.Suite);
        var spki = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm).Recipient.ExportSubjectPublicKeyInfo();
        Assert.Contains("'none' suite has no public key", Assert.Throws<InvalidKeyException>(() => Suite.ImportRecipient(SuiteId.None, spki)).Message);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ASigningKeyImportsAsTheAlgorithmItWasMadeWith(SignatureAlgorithm algorithm)
    {
        var generated = TestKeys.Signer(algorithm);
        using var signing = SignatureAlgorithms.ImportSigningKey(generated.ExportPkcs8PrivateKey());
        var verification = SignatureAlgorithms.ImportVerificationKey(generated.VerificationKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(algorithm, signing.Algorithm);
        Assert.Equal(algorithm, verification.Algorithm);
        Assert.True(verification.Verify("m"u8, signing.Sign("m"u8)));
    }

    [Fact]
    public void AnEnvelopeKeyIsNotASigningKey()
    {
        var x25519 = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        var e = Assert.Throws<InvalidKeyException>(() => SignatureAlgorithms.ImportVerificationKey(x25519.Recipient.ExportSubjectPublicKeyInfo()));
        Assert.Contains("not a signature key", e.Message);
    }

    [Fact]
    public void ASignatureRelabelledAsAnotherAlgorithmIsRefused()
    {
        var ed25519 = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var mldsa = TestKeys.Signer(SignatureAlgorithm.MLDsa65);
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client-1", ed25519);
        var envelope = sealer.Seal("run", 1, new EnvelopeRecipient("coordinator", identity.Recipient), "update"u8);
        // Byte 6 is the header's signature algorithm (docs/envelope.md): declare ML-DSA-65 for an Ed25519 signature.
        Assert.Equal((byte)SignatureAlgorithm.Ed25519, envelope[6]);
        envelope[6] = (byte)SignatureAlgorithm.MLDsa65;
        using var opener = new EnvelopeOpener("coordinator", identity);

        // Against the sender's real (Ed25519) key the declared algorithm does not match: refused, naming both.
        var mismatch = Assert.Throws<EnvelopeMismatchException>(() => opener.Open(envelope, new ExpectedEnvelope("run", 1, "client-1", ed25519.VerificationKey)));
        Assert.Contains("declares signature algorithm ml-dsa-65", mismatch.Message);
        Assert.Contains("'client-1' is ed25519", mismatch.Message);
        // Against an ML-DSA-65 key the Ed25519 signature does not verify.
        Assert.Throws<AuthenticationFailedException>(() => opener.Open(envelope, new ExpectedEnvelope("run", 1, "client-1", mldsa.VerificationKey)));
    }
}
