using System.Buffers.Binary;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>Property tests: any change to a sealed envelope makes <see cref="EnvelopeOpener.Open"/> fail
/// with a typed <see cref="CryptoException"/> and release nothing. Where the sender's signature alone
/// would catch a change, a second variant re-signs the tampered bytes (a sender attacking its own
/// envelope's integrity, or a signature bug) to show the chunk layer and the key commitment hold too.</summary>
public sealed class EnvelopeTamperTests
{
    const string Run = "run-7";
    static readonly ISigningKey Sender = TestKeys.Signer(SignatureAlgorithm.Ed25519);
    static readonly ExpectedEnvelope Expected = new(Run, 5, "client-2", Sender.VerificationKey);

    public static TheoryData<SuiteId> Encrypting() => new(TestKeys.EncryptingSuites);

    static (byte[] Envelope, byte[] Message, EnvelopeOpener Opener) Sealed(SuiteId suite, int size, int seed)
    {
        var message = new byte[size];
        new Random(seed).NextBytes(message);
        var identity = TestKeys.Identity(suite);
        using var sealer = new EnvelopeSealer("client-2", Sender);
        var envelope = sealer.Seal(Run, 5, new EnvelopeRecipient("coordinator", identity.Recipient), message, "aad"u8);
        return (envelope, message, new EnvelopeOpener("coordinator", identity));
    }

    static CryptoException Rejects(EnvelopeOpener opener, byte[] envelope, ExpectedEnvelope? expected = null) =>
        Assert.ThrowsAny<CryptoException>(() => opener.Open(envelope, expected ?? Expected));

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void EverySingleBitFlipIsRejected(SuiteId suite)
    {
        var random = new Random(1000 + (int)suite);
        var (envelope, message, opener) = Sealed(suite, 3 * 16384 + random.Next(16384), (int)suite);
        Assert.Equal(message, opener.Open(envelope, Expected).Plaintext);
        var layout = EnvelopeLayout.Of(envelope);
        // Random positions anywhere, plus the first and last byte of every region and of every chunk.
        var positions = Enumerable.Range(0, 150).Select(_ => random.Next(envelope.Length)).ToList();
        positions.AddRange([0, layout.HeaderLength - 1, layout.HeaderLength, layout.StanzasEnd - 1, layout.BodyStart, layout.FirstChunk - 1,
            layout.SignatureAt - 1, layout.SignatureAt, layout.SignatureAt + 1, envelope.Length - 1]);
        for (int chunk = layout.FirstChunk; chunk < layout.SignatureAt; chunk += EnvelopeLayout.SealedChunk)
            positions.AddRange([chunk, Math.Min(chunk + EnvelopeLayout.SealedChunk, layout.SignatureAt) - 1]);
        foreach (int position in positions)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[position] ^= (byte)(1 << random.Next(8));
            var error = Rejects(opener, tampered);
            Assert.IsNotType<CryptoException>(error); // always a specific subclass
        }
    }

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void BodyBitFlipsAreCaughtByTheChunksEvenUnderAValidSignature(SuiteId suite)
    {
        var (envelope, _, opener) = Sealed(suite, 2 * 16384 + 100, 7);
        var layout = EnvelopeLayout.Of(envelope);
        var random = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[random.Next(layout.BodyStart, layout.SignatureAt)] ^= (byte)(1 << random.Next(8));
            Assert.Throws<AuthenticationFailedException>(() => opener.Open(EnvelopeLayout.Resign(tampered, layout.SignatureAt, Sender), Expected));
        }
    }

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void TruncationAndExtensionAreRejected(SuiteId suite)
    {
        var (envelope, _, opener) = Sealed(suite, 2 * 16384 + 5, 3);
        var layout = EnvelopeLayout.Of(envelope);
        foreach (int length in new[] { 0, 1, 39, 40, layout.HeaderLength - 1, layout.StanzasEnd - 1, layout.FirstChunk, layout.FirstChunk + 16400,
                     layout.SignatureAt - 1, layout.SignatureAt, layout.SignatureAt + 1, envelope.Length - 1 })
            Rejects(opener, envelope[..length]);
        Rejects(opener, [.. envelope, 0]);
        // Dropping the short final chunk under a fresh signature: the header's length no longer fits.
        var withoutFinal = envelope[..(layout.FirstChunk + 2 * EnvelopeLayout.SealedChunk)];
        Rejects(opener, EnvelopeLayout.Resign(withoutFinal, withoutFinal.Length, Sender));
    }

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void ReorderedDroppedOrDuplicatedChunksAreRejectedEvenWhenResigned(SuiteId suite)
    {
        var (envelope, _, opener) = Sealed(suite, 3 * 16384 + 10, 4);
        var layout = EnvelopeLayout.Of(envelope);
        byte[] Chunk(byte[] e, int i) => e.AsSpan(layout.FirstChunk + i * EnvelopeLayout.SealedChunk, EnvelopeLayout.SealedChunk).ToArray();
        byte[] WithChunks(params int[] order)
        {
            var result = (byte[])envelope.Clone();
            for (int slot = 0; slot < order.Length; slot++)
                Chunk(envelope, order[slot]).CopyTo(result, layout.FirstChunk + slot * EnvelopeLayout.SealedChunk);
            return result;
        }
        foreach (var order in new[] { new[] { 1, 0, 2 }, [0, 2, 1], [0, 0, 2], [0, 1, 1], [2, 1, 0] })
        {
            var tampered = WithChunks(order);
            Assert.Throws<AuthenticationFailedException>(() => opener.Open(tampered, Expected));
            var error = Assert.Throws<AuthenticationFailedException>(() => opener.Open(EnvelopeLayout.Resign(tampered, layout.SignatureAt, Sender), Expected));
            Assert.Contains("Chunk", error.Message);
        }
        // A dropped middle chunk (the header length is patched and everything re-signed): the chunk
        // counter no longer matches, so the next chunk fails.
        var dropped = envelope.AsSpan(0, layout.FirstChunk + EnvelopeLayout.SealedChunk).ToArray()
            .Concat(envelope.AsSpan(layout.FirstChunk + 2 * EnvelopeLayout.SealedChunk, layout.SignatureAt - layout.FirstChunk - 2 * EnvelopeLayout.SealedChunk).ToArray()).ToArray();
        BinaryPrimitives.WriteInt64BigEndian(dropped.AsSpan(32), 2 * 16384 + 10);
        Assert.Throws<AuthenticationFailedException>(() => opener.Open(EnvelopeLayout.Resign(dropped, dropped.Length, Sender), Expected));
    }

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void SwappedHeaderFieldsAreRejected(SuiteId suite)
    {
        var (envelope, _, opener) = Sealed(suite, 1000, 5);
        var layout = EnvelopeLayout.Of(envelope);
        // An authentic envelope presented in another round, run, or as from another sender.
        Assert.Throws<EnvelopeMismatchException>(() => opener.Open(envelope, Expected with { Round = 6 }));
        Assert.Throws<EnvelopeMismatchException>(() => opener.Open(envelope, Expected with { RunId = "run-8" }));
        Assert.Throws<EnvelopeMismatchException>(() => opener.Open(envelope, Expected with { SenderId = "client-3" }));
        // Rewritten fields: the signature fails; re-signed, the body's key commitment (context) fails.
        var round = (byte[])envelope.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(round.AsSpan(24), 6);
        Assert.Throws<AuthenticationFailedException>(() => opener.Open(round, Expected with { Round = 6 }));
        var commitment = Assert.Throws<AuthenticationFailedException>(() => opener.Open(EnvelopeLayout.Resign(round, layout.SignatureAt, Sender), Expected with { Round = 6 }));
        Assert.Contains("commitment", commitment.Message);
        var sender = Replace(envelope, "client-2", "client-9");
        Assert.Throws<AuthenticationFailedException>(() => opener.Open(sender, Expected with { SenderId = "client-9" }));
        var recipient = Replace(envelope, "coordinator", "coordinatoR");
        // HPKE binds the recipient id in the wrap's info; RSA-OAEP has no label, so there the body's commitment catches it.
        var swapped = Rejects(new EnvelopeOpener("coordinatoR", TestKeys.Identity(suite)), EnvelopeLayout.Resign(recipient, layout.SignatureAt, Sender));
        Assert.IsType(suite == SuiteId.Rsa4096OaepAes256Gcm ? typeof(AuthenticationFailedException) : typeof(NotForThisRecipientException), swapped);
    }

    [Theory]
    [MemberData(nameof(Encrypting))]
    public void WrongKeysAreRejected(SuiteId suite)
    {
        var (envelope, _, _) = Sealed(suite, 500, 6);
        Assert.Throws<NotForThisRecipientException>(() => new EnvelopeOpener("coordinator", TestKeys.Identity(suite, 1)).Open(envelope, Expected));
        var wrongSender = Expected with { SenderKey = TestKeys.Signer(SignatureAlgorithm.Ed25519, 1).VerificationKey };
        Assert.Throws<AuthenticationFailedException>(() => new EnvelopeOpener("coordinator", TestKeys.Identity(suite)).Open(envelope, wrongSender));
    }

    [Fact]
    public async Task TamperedStreamsFailToo()
    {
        var (envelope, _, opener) = Sealed(SuiteId.HpkeX25519Aes256Gcm, 5 * 16384, 9);
        var layout = EnvelopeLayout.Of(envelope);
        var tampered = (byte[])envelope.Clone();
        tampered[layout.FirstChunk + 3 * EnvelopeLayout.SealedChunk + 5] ^= 1;
        using var seekableOutput = new MemoryStream();
        await Assert.ThrowsAnyAsync<CryptoException>(() => opener.OpenAsync(new MemoryStream(tampered), seekableOutput, Expected, TestContext.Current.CancellationToken));
        Assert.Equal(0, seekableOutput.Length); // seekable: signature checked before anything is written
        using var streamedOutput = new MemoryStream();
        await Assert.ThrowsAnyAsync<CryptoException>(() => opener.OpenAsync(new NonSeekableStream(EnvelopeLayout.Resign(tampered, layout.SignatureAt, Sender)), streamedOutput, Expected, TestContext.Current.CancellationToken));
        Assert.True(streamedOutput.Length <= 3 * 16384, "only chunks before the bad one may be released");
    }

    static byte[] Replace(byte[] envelope, string from, string to)
    {
        var a = System.Text.Encoding.UTF8.GetBytes(from);
        var b = System.Text.Encoding.UTF8.GetBytes(to);
        int at = envelope.AsSpan().IndexOf(a);
        Assert.True(at > 0);
        var result = (byte[])envelope.Clone();
        b.CopyTo(result, at);
        return result;
    }
}
