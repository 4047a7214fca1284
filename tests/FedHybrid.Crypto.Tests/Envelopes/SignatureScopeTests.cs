using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>What the sender's signature covers (docs/envelope.md 1.4): every body byte when several
/// recipients share the data key (any of them could otherwise re-encrypt the body for the others), and
/// the prefix, salt and key commitment of a single recipient's body, which only sender and recipient can
/// derive the key of. A recipient that splices in a body of its own is the attack each case is about.</summary>
public sealed class SignatureScopeTests
{
    const string Run = "run-scope";
    static readonly ISigningKey Coordinator = TestKeys.Signer(SignatureAlgorithm.Ed25519);
    static readonly ExpectedEnvelope Expected = new(Run, 3, "coordinator", Coordinator.VerificationKey);

    /// <summary>Plays recipient <paramref name="insiderId"/>: unwraps the data key from its stanza and
    /// replaces the body with a valid Cobblestone-256 encryption of <paramref name="forged"/> under
    /// the same key, context and salt (so the same commitment), keeping the sender's signature.</summary>
    static byte[] SpliceBody(byte[] envelope, string insiderId, IIdentity insider, byte[] forged)
    {
        Assert.True(EnvelopeFormat.TryReadHeader(envelope, out var parsed, out _));
        var header = parsed!.Header;
        int index = header.RecipientIds.ToList().IndexOf(insiderId);
        int stanzaAt = parsed.HeaderLength + parsed.StanzaLengths.Take(index).Sum();
        var stanza = new Stanza(envelope.AsSpan(stanzaAt, parsed.StanzaLengths[index]).ToArray());
        var key = insider.Unwrap(stanza, EnvelopeFormat.WrapContext(header.Suite, header.RunId, header.SenderId, insiderId));
        var layout = EnvelopeLayout.Of(envelope);
        var spliced = (byte[])envelope.Clone();
        Cobblestone256.EncryptWithSalt(key, envelope.AsSpan(0, layout.StanzasEnd), envelope.AsSpan(layout.BodyStart, 24), forged,
            spliced.AsSpan(layout.BodyStart, layout.SignatureAt - layout.BodyStart), maxParallelism: 1);
        return spliced;
    }

    [Fact]
    public void AMultiRecipientBodyIsSignedSoNoRecipientCanForgeOneForTheOthers()
    {
        var (alice, bob) = (TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 0), TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 1));
        var model = new byte[40_000];
        new Random(7).NextBytes(model);
        using var sealer = new EnvelopeSealer("coordinator", Coordinator);
        var envelope = sealer.Seal(Run, 3, [new EnvelopeRecipient("alice", alice.Recipient), new EnvelopeRecipient("bob", bob.Recipient)], model);

        var poisoned = SpliceBody(envelope, "alice", alice, new byte[model.Length]);

        var error = Assert.Throws<AuthenticationFailedException>(() => new EnvelopeOpener("bob", bob).Open(poisoned, Expected));
        Assert.Contains("signature", error.Message);
        Assert.Equal(model, new EnvelopeOpener("bob", bob).Open(envelope, Expected).Plaintext);
    }

    /// <summary>The documented limit of a single recipient's envelope: like HPKE's auth mode (RFC 9180
    /// 9.1.1), it authenticates the sender to the recipient only. The recipient itself can make a body
    /// that opens under the sender's signature, so it cannot prove to a third party what was sent.</summary>
    [Fact]
    public void ASingleRecipientBodyIsBoundThroughItsKeySoOnlyTheRecipientCouldForgeIt()
    {
        var coordinatorKey = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        var client = TestKeys.Signer(SignatureAlgorithm.Ed25519, 1);
        var update = new byte[40_000];
        new Random(8).NextBytes(update);
        using var sealer = new EnvelopeSealer("client-1", client);
        var envelope = sealer.Seal(Run, 3, new EnvelopeRecipient("coordinator", coordinatorKey.Recipient), update);
        var expected = new ExpectedEnvelope(Run, 3, "client-1", client.VerificationKey);

        var forged = new byte[update.Length];
        var spliced = SpliceBody(envelope, "coordinator", coordinatorKey, forged);
        Assert.Equal(forged, new EnvelopeOpener("coordinator", coordinatorKey).Open(spliced, expected).Plaintext);

        // Without the recipient's private key there is no data key: a body under any other key fails at the
        // signature (its commitment differs) and, were it re-signed, at the commitment check.
        var outsider = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 2);
        Assert.Throws<NotForThisRecipientException>(() => SpliceBody(envelope, "coordinator", outsider, forged));
        var layout = EnvelopeLayout.Of(envelope);
        var otherKey = (byte[])envelope.Clone();
        Cobblestone256.Encrypt(new byte[32], envelope.AsSpan(0, layout.StanzasEnd), forged, otherKey.AsSpan(layout.BodyStart, layout.SignatureAt - layout.BodyStart));
        Assert.Throws<AuthenticationFailedException>(() => new EnvelopeOpener("coordinator", coordinatorKey).Open(otherKey, expected));
    }

    [Theory]
    [InlineData(SuiteId.HpkeX25519Aes256Gcm, 1, false)]
    [InlineData(SuiteId.HpkeX25519Aes256Gcm, 2, true)]
    [InlineData(SuiteId.None, 1, true)]
    public void ASignatureMadeForOneScopeDoesNotVerifyForTheOther(SuiteId suite, int recipients, bool wholeBody)
    {
        Assert.Equal(wholeBody, EnvelopeFormat.SignsWholeBody(suite, recipients));
        var digest = new byte[32];
        var signature = Coordinator.Sign(EnvelopeFormat.SignedMessage(!wholeBody, digest));
        Assert.False(Coordinator.VerificationKey.Verify(EnvelopeFormat.SignedMessage(wholeBody, digest), signature));
        Assert.True(Coordinator.VerificationKey.Verify(EnvelopeFormat.SignedMessage(!wholeBody, digest), signature));
    }
}
