using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;
using static FedHybrid.Crypto.Tests.Envelopes.OpeningOrderTests;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>Opening costs work linear in the recipient count, and a badly signed header of the largest
/// size the spec allows is refused for its signature after one parse. Work is counted (records decoded,
/// bytes allocated), never timed. The old stream reader re-parsed the whole header after every read, so
/// it decoded O(N^2) records and allocated O(N^2) strings: minutes at 65,535 recipients.</summary>
public sealed class ManyRecipientTests
{
    static readonly ISigningKey Sender = TestKeys.Signer(SignatureAlgorithm.Ed25519);
    static readonly IVerificationKey SomeoneElse = TestKeys.Signer(SignatureAlgorithm.Ed25519, 1).VerificationKey;

    /// <summary>Suite <c>none</c> keeps the stanzas empty, so the header is all the envelope has to parse.</summary>
    static byte[] NoneEnvelope(int recipients)
    {
        using var sealer = new EnvelopeSealer("sender", Sender);
        var to = Enumerable.Range(0, recipients).Select(i => new EnvelopeRecipient($"r{i}", new NoneRecipient())).ToArray();
        return sealer.Seal("run", 1, to, new byte[100]);
    }

    static (long Allocated, long Records) OpenBadlySignedFromAPipe(byte[] envelope)
    {
        var opener = new EnvelopeOpener("r0", new NoneIdentity());
        var expected = new ExpectedEnvelope("run", 1, "sender", SomeoneElse);
        using var pipe = new NonSeekableStream(envelope);
        // The pipe completes every read synchronously, so the whole open runs (and allocates) on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => opener.OpenAsync(pipe, Stream.Null, expected).GetAwaiter().GetResult());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsType<AuthenticationFailedException>(error);
        return (allocated, opener.RecipientRecordsParsed);
    }

    [Fact]
    public void StreamingAHeaderAllocatesInProportionToItsRecipients()
    {
        var small = NoneEnvelope(1000);
        var large = NoneEnvelope(4000);
        OpenBadlySignedFromAPipe(small); // warm up: first-call allocations are not the parser's
        var (smallBytes, smallRecords) = OpenBadlySignedFromAPipe(small);
        var (largeBytes, largeRecords) = OpenBadlySignedFromAPipe(large);
        Assert.Equal((1000, 4000), (smallRecords, largeRecords));
        // Linear: 4 times the recipients, about 4 times the bytes; quadratic would be about 16 times.
        Assert.True(largeBytes < 6 * smallBytes, $"{largeBytes} bytes for 4,000 recipients, {smallBytes} for 1,000");
        // And in absolute terms: a bounded number of bytes per byte of envelope.
        Assert.True(largeBytes < 32L * large.Length, $"{largeBytes} bytes allocated to refuse a {large.Length}-byte envelope");
    }

    [Theory]
    [MemberData(nameof(Sources), MemberType = typeof(OpeningOrderTests))]
    public void AMaximalBadlySignedHeaderIsRefusedForItsSignatureAfterOneParse(Source source)
    {
        var envelope = NoneEnvelope(EnvelopeFormat.MaxRecipients);
        var opener = new EnvelopeOpener("not-listed", new NoneIdentity());
        // Everything else is wrong too; the signature is what is reported.
        var error = Record.Exception(() => Open(source, opener, envelope, new ExpectedEnvelope("other-run", 9, "other", SomeoneElse)));
        Assert.IsType<AuthenticationFailedException>(error);
        Assert.Equal(EnvelopeFormat.MaxRecipients, opener.RecipientRecordsParsed);
    }

    [Theory]
    [MemberData(nameof(Sources), MemberType = typeof(OpeningOrderTests))]
    public void AReceiverThatAcceptsOneRecipientRefusesMoreBeforeParsingThem(Source source)
    {
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client-1", Sender);
        var expected = new ExpectedEnvelope("run", 1, "client-1", Sender.VerificationKey);
        var three = sealer.Seal("run", 1, [new("coordinator", identity.Recipient), new("a", identity.Recipient), new("b", identity.Recipient)], "update"u8);
        var opener = new EnvelopeOpener("coordinator", identity, maxRecipients: 1);

        var error = Assert.Throws<TooManyRecipientsException>(() => Open(source, opener, three, expected));
        Assert.Contains("3 recipients", error.Message);
        Assert.Equal(0, opener.RecipientRecordsParsed);
        Assert.Equal(0, opener.UnwrapCount);

        var one = sealer.Seal("run", 1, new EnvelopeRecipient("coordinator", identity.Recipient), "update"u8);
        Assert.Equal("coordinator", Open(source, opener, one, expected).RecipientIds.Single());
    }
}
