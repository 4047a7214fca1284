using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>An unauthenticated header cannot make a reader add up or allocate without bound.</summary>
public sealed class HeaderBoundsTests
{
    [Fact]
    public void StanzaLengthsThatTogetherExceedTheCapAreMalformed()
    {
        int recipients = EnvelopeFormat.MaxStanzasTotal / EnvelopeFormat.MaxStanzaLength + 1;
        var ids = Enumerable.Range(0, recipients).Select(i => $"r{i}").ToArray();
        var header = new EnvelopeHeader(EnvelopeHeader.CurrentVersion, SuiteId.HpkeX25519Aes256Gcm, SignatureAlgorithm.Ed25519,
            UInt128.One, "run", 1, "sender", ids, 0, ReadOnlyMemory<byte>.Empty);
        var bytes = EnvelopeFormat.WriteHeader(header, Enumerable.Repeat(EnvelopeFormat.MaxStanzaLength, recipients).ToArray());

        var error = Assert.Throws<MalformedEnvelopeException>(() => EnvelopeFormat.TryReadHeader(bytes, out _, out _));
        Assert.Contains("Stanzas total", error.Message);

        var opener = new EnvelopeOpener("r0", TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm));
        var expected = new ExpectedEnvelope("run", 1, "sender", TestKeys.Signer(SignatureAlgorithm.Ed25519).VerificationKey);
        Assert.Throws<MalformedEnvelopeException>(() => opener.Open(bytes, expected));
    }

    [Fact]
    public void StanzaLengthsUpToTheCapParse()
    {
        int recipients = EnvelopeFormat.MaxStanzasTotal / EnvelopeFormat.MaxStanzaLength;
        var ids = Enumerable.Range(0, recipients).Select(i => $"r{i}").ToArray();
        var header = new EnvelopeHeader(EnvelopeHeader.CurrentVersion, SuiteId.HpkeX25519Aes256Gcm, SignatureAlgorithm.Ed25519,
            UInt128.One, "run", 1, "sender", ids, 0, ReadOnlyMemory<byte>.Empty);
        var bytes = EnvelopeFormat.WriteHeader(header, Enumerable.Repeat(EnvelopeFormat.MaxStanzaLength, recipients).ToArray());
        Assert.True(EnvelopeFormat.TryReadHeader(bytes, out var parsed, out _));
        Assert.Equal(recipients, parsed!.StanzaLengths.Length);
    }
}
