using System.Buffers.Binary;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>An unauthenticated header cannot make a reader add up or allocate without bound: every stanza,
/// the receiver's own and every other recipient's, has its suite's fixed size (docs/envelope.md 1.1, 2).</summary>
public sealed class HeaderBoundsTests
{
    static byte[] Header(SuiteId suite, int recipients, int stanzaLength)
    {
        var ids = Enumerable.Range(0, recipients).Select(i => $"r{i}").ToArray();
        var header = new EnvelopeHeader(EnvelopeHeader.CurrentVersion, suite, SignatureAlgorithm.Ed25519,
            UInt128.One, "run", 1, "sender", ids, 0, ReadOnlyMemory<byte>.Empty);
        return EnvelopeFormat.WriteHeader(header, Enumerable.Repeat(stanzaLength, recipients).ToArray());
    }

    /// <summary>Where the u32 stanza length of recipient <paramref name="index"/> (ids r0, r1, ...) lies.</summary>
    static int StanzaLengthAt(byte[] header, int index)
    {
        int at = EnvelopeFormat.FixedSize;
        at += 1 + header[at]; // run id
        at += 1 + header[at]; // sender id
        at += 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(at)) + 2;
        for (int i = 0; i < index; i++) at += 1 + header[at] + 4;
        return at + 1 + header[at];
    }

    [Theory]
    [InlineData(SuiteId.HpkeX25519Aes256Gcm, 80, 81)]
    [InlineData(SuiteId.HpkeP256Aes256Gcm, 113, 65)]
    [InlineData(SuiteId.PqXWingAes256Gcm, 1168, 65536)]
    [InlineData(SuiteId.Rsa4096OaepAes256Gcm, 512, 511)]
    [InlineData(SuiteId.None, 0, 1)]
    public void AnotherRecipientsStanzaOfTheWrongSizeIsMalformed(SuiteId suite, int size, int wrong)
    {
        var bytes = Header(suite, 3, size);
        Assert.True(EnvelopeFormat.TryReadHeader(bytes, out _, out _));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(StanzaLengthAt(bytes, 2)), (uint)wrong);

        var error = Assert.Throws<MalformedEnvelopeException>(() => EnvelopeFormat.TryReadHeader(bytes, out _, out _));
        Assert.Contains("recipient 3", error.Message);
        Assert.Contains($"{wrong} bytes", error.Message);
        // The opener for r0 refuses it too, although its own stanza is fine.
        var opener = new EnvelopeOpener("r0", TestKeys.Identity(suite == SuiteId.None ? SuiteId.HpkeX25519Aes256Gcm : suite));
        var expected = new ExpectedEnvelope("run", 1, "sender", TestKeys.Signer(SignatureAlgorithm.Ed25519).VerificationKey);
        Assert.Throws<MalformedEnvelopeException>(() => opener.Open(bytes, expected));
    }

    [Theory]
    [InlineData(SuiteId.Rsa4096OaepAes256Gcm, 256)]
    [InlineData(SuiteId.Rsa4096OaepAes256Gcm, 384)]
    public void RsaStanzasMayHaveAnyAcceptedModulusSize(SuiteId suite, int size) =>
        Assert.True(EnvelopeFormat.TryReadHeader(Header(suite, 2, size), out _, out _));

    [Fact]
    public void TheLargestStanzaAreaTheSpecAllowsParses()
    {
        // 65,535 X-Wing stanzas: 76.5 MB, more than the old 64 MiB cap on all stanzas together.
        var bytes = Header(SuiteId.PqXWingAes256Gcm, EnvelopeFormat.MaxRecipients, 1168);
        Assert.True(EnvelopeFormat.TryReadHeader(bytes, out var parsed, out _));
        Assert.Equal(EnvelopeFormat.MaxRecipients * 1168L, parsed!.StanzasLength);
    }
}
