using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>docs/envelope.md section 3: the checks run in order, signature first, and when several would
/// fail the first is reported, whether the envelope is opened from memory, a file or a pipe. A bad
/// signature is never reported as another run or "not mine", nor quotes the sender id it claims.</summary>
public sealed class OpeningOrderTests
{
    public enum Source { Span, Seekable, Pipe }

    public static TheoryData<Source> Sources() => new(Enum.GetValues<Source>());

    static readonly ISigningKey Sender = TestKeys.Signer(SignatureAlgorithm.Ed25519);
    static readonly IVerificationKey SomeoneElse = TestKeys.Signer(SignatureAlgorithm.Ed25519, 1).VerificationKey;
    static readonly IIdentity Coordinator = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);

    static byte[] Sealed(string senderId = "client-1")
    {
        using var sealer = new EnvelopeSealer(senderId, Sender);
        return sealer.Seal("run", 3, new EnvelopeRecipient("coordinator", Coordinator.Recipient), new byte[20_000]);
    }

    internal static EnvelopeHeader Open(Source source, EnvelopeOpener opener, byte[] envelope, ExpectedEnvelope expected, Stream? sink = null)
    {
        switch (source)
        {
            case Source.Span:
                var opened = opener.Open(envelope, expected);
                sink?.Write(opened.Plaintext);
                return opened.Header;
            case Source.Seekable:
                using (var memory = new MemoryStream(envelope, writable: false))
                    return opener.OpenAsync(memory, sink ?? Stream.Null, expected).GetAwaiter().GetResult();
            default:
                using (var pipe = new NonSeekableStream(envelope))
                    return opener.OpenAsync(pipe, sink ?? Stream.Null, expected).GetAwaiter().GetResult();
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ABadSignatureIsReportedBeforeAnotherRunRoundOrSender(Source source)
    {
        var envelope = Sealed();
        foreach (var expected in new[]
        {
            new ExpectedEnvelope("other-run", 3, "client-1", SomeoneElse),
            new ExpectedEnvelope("run", 4, "client-1", SomeoneElse),
            new ExpectedEnvelope("run", 3, "client-2", SomeoneElse),
        })
            Assert.Throws<AuthenticationFailedException>(() => Open(source, new EnvelopeOpener("coordinator", Coordinator), envelope, expected));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ABadSignatureIsReportedBeforeAnUnlistedRecipientOrAnotherSuitesKey(Source source)
    {
        var envelope = Sealed();
        var expected = new ExpectedEnvelope("run", 3, "client-1", SomeoneElse);
        Assert.Throws<AuthenticationFailedException>(() => Open(source, new EnvelopeOpener("nobody", Coordinator), envelope, expected));
        Assert.Throws<AuthenticationFailedException>(() => Open(source, new EnvelopeOpener("coordinator", TestKeys.Identity(SuiteId.HpkeP256Aes256Gcm)), envelope, expected));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ABadSignatureIsReportedBeforeAReplay(Source source)
    {
        var envelope = Sealed();
        var guard = new ReplayGuard();
        var opener = new EnvelopeOpener("coordinator", Coordinator, guard);
        Open(source, opener, envelope, new ExpectedEnvelope("run", 3, "client-1", Sender.VerificationKey));
        Assert.Throws<ReplayedEnvelopeException>(() => Open(source, opener, envelope, new ExpectedEnvelope("run", 3, "client-1", Sender.VerificationKey)));
        Assert.Throws<AuthenticationFailedException>(() => Open(source, opener, envelope, new ExpectedEnvelope("run", 3, "client-1", SomeoneElse)));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void AnAuthenticEnvelopeIsRefusedForWhatItIsAndReleasesNothing(Source source)
    {
        var envelope = Sealed();
        var key = Sender.VerificationKey;
        var sink = new MemoryStream();
        var error = Assert.Throws<EnvelopeMismatchException>(() => Open(source, new EnvelopeOpener("coordinator", Coordinator), envelope, new ExpectedEnvelope("other-run", 3, "client-1", key), sink));
        Assert.Contains("other-run", error.Message);
        Assert.Throws<NotForThisRecipientException>(() => Open(source, new EnvelopeOpener("nobody", Coordinator), envelope, new ExpectedEnvelope("run", 3, "client-1", key), sink));
        Assert.Throws<NotForThisRecipientException>(() => Open(source, new EnvelopeOpener("coordinator", TestKeys.Identity(SuiteId.HpkeP256Aes256Gcm)), envelope, new ExpectedEnvelope("run", 3, "client-1", key), sink));
        Assert.Equal(0, sink.Length);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ARefusedSignatureDoesNotQuoteTheSenderIdTheEnvelopeClaims(Source source)
    {
        var envelope = Sealed(senderId: "mallory");
        var error = Assert.Throws<AuthenticationFailedException>(() =>
            Open(source, new EnvelopeOpener("coordinator", Coordinator), envelope, new ExpectedEnvelope(null, null, null, SomeoneElse)));
        Assert.DoesNotContain("mallory", error.Message);
        Assert.Contains("signature", error.Message);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void UnstatedExpectationsAreLeftToTheCallerOnTheAuthenticatedHeader(Source source)
    {
        var envelope = Sealed();
        var sink = new MemoryStream();
        var header = Open(source, new EnvelopeOpener(null, Coordinator), envelope, new ExpectedEnvelope(null, null, null, Sender.VerificationKey), sink);
        Assert.Equal(("run", 3ul, "client-1", "coordinator"), (header.RunId, header.Round, header.SenderId, header.RecipientIds[0]));
        Assert.Equal(20_000, sink.Length);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void WithoutARecipientIdAMultiRecipientEnvelopeIsNotMine(Source source)
    {
        var bob = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 1);
        using var sealer = new EnvelopeSealer("coordinator", Sender);
        var envelope = sealer.Seal("run", 1, [new EnvelopeRecipient("alice", Coordinator.Recipient), new EnvelopeRecipient("bob", bob.Recipient)], "model"u8);
        var expected = new ExpectedEnvelope(null, null, null, Sender.VerificationKey);
        var error = Assert.Throws<NotForThisRecipientException>(() => Open(source, new EnvelopeOpener(null, bob), envelope, expected));
        Assert.Contains("2 recipients", error.Message);
        Assert.Equal("bob", Open(source, new EnvelopeOpener("bob", bob), envelope, expected).RecipientIds[1]);
    }
}
