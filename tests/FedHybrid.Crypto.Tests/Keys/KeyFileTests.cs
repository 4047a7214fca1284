using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Tests.Envelopes;

namespace FedHybrid.Crypto.Tests.Keys;

/// <summary>Every suite's and every signature algorithm's keys survive PEM export and import, plain and
/// passphrase-encrypted, and keep working.</summary>
public sealed class KeyFileTests
{
    public static TheoryData<SuiteId, bool> SuiteForms()
    {
        var data = new TheoryData<SuiteId, bool>();
        foreach (var suite in TestKeys.EncryptingSuites) { data.Add(suite, false); data.Add(suite, true); }
        return data;
    }

    public static TheoryData<SignatureAlgorithm, bool> SignatureForms()
    {
        var data = new TheoryData<SignatureAlgorithm, bool>();
        foreach (var algorithm in Enum.GetValues<SignatureAlgorithm>()) { data.Add(algorithm, false); data.Add(algorithm, true); }
        return data;
    }

    [Theory]
    [MemberData(nameof(SuiteForms))]
    public void SuiteKeysRoundTrip(SuiteId suite, bool encrypted)
    {
        var identity = TestKeys.Identity(suite);
        string? passphrase = encrypted ? "correct horse battery staple" : null;
        var privatePem = KeyFiles.ExportPrivateKeyPem(identity, passphrase);
        var publicPem = KeyFiles.ExportPublicKeyPem(identity.Recipient);
        Assert.StartsWith(encrypted ? "-----BEGIN ENCRYPTED PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----", privatePem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicPem);

        using var imported = KeyFiles.ImportIdentity(privatePem, passphrase);
        var recipient = KeyFiles.ImportRecipient(publicPem);
        Assert.Equal(suite, imported.Suite);
        Assert.Equal(suite, recipient.Suite);
        Assert.Equal(suite, KeyFiles.ImportRecipient(identity.Recipient.ExportSubjectPublicKeyInfo()).Suite);
        Assert.Equal(identity.Recipient.ExportSubjectPublicKeyInfo(), imported.Recipient.ExportSubjectPublicKeyInfo());
        var fileKey = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(fileKey, imported.Unwrap(recipient.Wrap(fileKey, "c"u8), "c"u8));
        if (encrypted)
        {
            Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportIdentity(privatePem, "wrong"));
            Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportIdentity(privatePem));
        }
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportRecipient(privatePem));
        if (suite is SuiteId.HpkeX25519Aes256Gcm or SuiteId.PqXWingAes256Gcm)
            Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportSigningKey(KeyFiles.ExportPrivateKeyPem(identity)));
    }

    [Theory]
    [MemberData(nameof(SignatureForms))]
    public void SigningKeysRoundTrip(SignatureAlgorithm algorithm, bool encrypted)
    {
        var key = TestKeys.Signer(algorithm);
        string? passphrase = encrypted ? "pa55phrase" : null;
        using var imported = KeyFiles.ImportSigningKey(KeyFiles.ExportPrivateKeyPem(key, passphrase), passphrase);
        var verifier = KeyFiles.ImportVerificationKey(KeyFiles.ExportPublicKeyPem(key.VerificationKey));
        Assert.Equal(algorithm, imported.Algorithm);
        Assert.Equal(key.VerificationKey.ExportSubjectPublicKeyInfo(), imported.VerificationKey.ExportSubjectPublicKeyInfo());
        var message = "model"u8.ToArray();
        Assert.True(verifier.Verify(message, imported.Sign(message)));
        Assert.True(key.VerificationKey.Verify(message, imported.Sign(message)));
        // The DER form (as carried in provisioning messages) dispatches on the OID the same way.
        var fromDer = KeyFiles.ImportVerificationKey(key.VerificationKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(algorithm, fromDer.Algorithm);
        Assert.True(fromDer.Verify(message, key.Sign(message)));
    }

    [Fact]
    public void GarbageIsATypedError()
    {
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportIdentity("not a pem"));
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportRecipient("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
        var ed = KeyFiles.ExportPublicKeyPem(TestKeys.Signer(SignatureAlgorithm.Ed25519).VerificationKey);
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportRecipient(ed));
    }
}
