using System.Security.Cryptography;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Tests.Envelopes;

namespace FedHybrid.Crypto.Tests.Suites;

public sealed class SuiteTests
{
    public static TheoryData<SuiteId> Encrypting() => new(TestKeys.EncryptingSuites);

    [Fact]
    public void NamesRoundTripAndUnknownNamesListTheValidOnes()
    {
        Assert.Equal(SuiteId.HpkeX25519Aes256Gcm, Suite.Default);
        foreach (var suite in TestKeys.AllSuites)
        {
            Assert.Equal(suite, Suite.Parse(Suite.NameOf(suite)));
            Assert.Equal(suite, Suite.FromByte((byte)suite));
        }
        var error = Assert.Throws<UnknownSuiteException>(() => Suite.Parse("hpke-x448-aes256gcm"));
        foreach (var name in Suite.ValidNames)
            Assert.Contains(name, error.Message);
        Assert.Throws<UnknownSuiteException>(() => Suite.FromByte(200));
    }

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void WrapUnwrapsAndOtherKeysOrContextsAreNotMine(SuiteId suite)
    {
        var fileKey = RandomNumberGenerator.GetBytes(32);
        var identity = TestKeys.Identity(suite);
        var context = "context"u8.ToArray();
        var stanza = identity.Recipient.Wrap(fileKey, context);
        Assert.Equal(fileKey, identity.Unwrap(stanza, context));
        // Randomized: wrapping twice never gives the same stanza.
        Assert.NotEqual(stanza.Body.ToArray(), identity.Recipient.Wrap(fileKey, context).Body.ToArray());
        Assert.Throws<NotForThisRecipientException>(() => TestKeys.Identity(suite, 1).Unwrap(stanza, context));
        if (suite != SuiteId.Rsa4096OaepAes256Gcm) // OAEP has no label: RSA binds context via the envelope signature.
            Assert.Throws<NotForThisRecipientException>(() => identity.Unwrap(stanza, "other"u8));
    }
}
