using System.Buffers;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>Sealing and opening into caller buffers: the same bytes and checks as the array API, and a
/// buffer is advanced only by an envelope that passes every check.</summary>
public sealed class BufferWriterTests
{
    static readonly ISigningKey Sender = TestKeys.Signer(SignatureAlgorithm.Ed25519);
    static readonly ExpectedEnvelope Expected = new("run-b", 2, "client", Sender.VerificationKey);

    public static TheoryData<SuiteId> Suites() => new(TestKeys.AllSuites);

    [Theory]
    [MemberData(nameof(Suites))]
    public void ABufferSealedEnvelopeOpensWithBothApisAndLeavesEarlierContentAlone(SuiteId suite)
    {
        var identity = TestKeys.Identity(suite);
        var message = new byte[3 * 16384 + 77];
        new Random((int)suite).NextBytes(message);
        using var sealer = new EnvelopeSealer("client", Sender);
        var written = new ArrayBufferWriter<byte>();
        written.Write("kept"u8);
        int length = sealer.Seal("run-b", 2, [new EnvelopeRecipient("coordinator", identity.Recipient)], message, written, "aad"u8);
        Assert.Equal(4 + length, written.WrittenCount);
        Assert.Equal("kept"u8.ToArray(), written.WrittenSpan[..4].ToArray());
        var envelope = written.WrittenSpan[4..].ToArray();

        Assert.Equal(message, new EnvelopeOpener("coordinator", identity).Open(envelope, Expected).Plaintext);
        var opened = new ArrayBufferWriter<byte>();
        var header = new EnvelopeOpener("coordinator", identity).Open(envelope, Expected, opened);
        Assert.Equal(message, opened.WrittenSpan.ToArray());
        Assert.Equal("aad"u8.ToArray(), header.AssociatedData.ToArray());
    }

    [Fact]
    public void ATamperedEnvelopeAdvancesNothing()
    {
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client", Sender);
        var envelope = sealer.Seal("run-b", 2, new EnvelopeRecipient("coordinator", identity.Recipient), new byte[50_000]);
        var layout = EnvelopeLayout.Of(envelope);
        envelope[layout.FirstChunk + 20_000] ^= 1;
        var opened = new ArrayBufferWriter<byte>();
        Assert.Throws<AuthenticationFailedException>(() => new EnvelopeOpener("coordinator", identity).Open(envelope, Expected, opened));
        Assert.Equal(0, opened.WrittenCount);
    }
}
