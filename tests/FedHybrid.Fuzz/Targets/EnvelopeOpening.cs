using System.Buffers;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Fuzz.Targets;

/// <summary>Opens one envelope as <see cref="FuzzMaterial.RecipientId"/> in all three ways the opener
/// offers (a span, a seekable stream, a pipe) and requires them to agree: all accept the same plaintext,
/// or all refuse with a <see cref="CryptoException"/>.</summary>
static class EnvelopeOpening
{
    public static void OpenEveryWay(byte[] envelope)
    {
        var header = EnvelopeOpener.PeekHeader(envelope);
        var identity = FuzzMaterial.Identity(header.Suite);
        // An algorithm the material has no key for is refused by PeekHeader already.
        var expected = new ExpectedEnvelope(FuzzMaterial.RunId, FuzzMaterial.Round, FuzzMaterial.SenderId, FuzzMaterial.Signer(header.SignatureAlgorithm).VerificationKey);

        var span = Attempt(() =>
        {
            using var opener = new EnvelopeOpener(FuzzMaterial.RecipientId, identity);
            var opened = opener.Open(envelope, expected);
            var pooled = new ArrayBufferWriter<byte>();
            using var again = new EnvelopeOpener(FuzzMaterial.RecipientId, identity);
            again.Open(envelope, expected, pooled);
            if (!pooled.WrittenSpan.SequenceEqual(opened.Plaintext))
                throw new FuzzInvariantException("Open into a buffer writer gave other bytes than Open.");
            return opened.Plaintext;
        });
        var seekable = Attempt(() => OpenStream(new MemoryStream(envelope, writable: false), identity, expected));
        var pipe = Attempt(() => OpenStream(new ForwardOnlyStream(envelope), identity, expected));

        if (span.Plaintext is null != (seekable.Plaintext is null) || span.Plaintext is null != (pipe.Plaintext is null))
            throw new FuzzInvariantException($"The opening paths disagree: span {span}, seekable stream {seekable}, pipe {pipe}.");
        if (span.Plaintext is not null && (!span.Plaintext.AsSpan().SequenceEqual(seekable.Plaintext) || !span.Plaintext.AsSpan().SequenceEqual(pipe.Plaintext)))
            throw new FuzzInvariantException("The opening paths accept with different plaintexts.");
        if (span.Rejection is not null) throw span.Rejection;
    }

    static byte[] OpenStream(Stream source, Crypto.Suites.IIdentity identity, ExpectedEnvelope expected)
    {
        using var opener = new EnvelopeOpener(FuzzMaterial.RecipientId, identity);
        var output = new MemoryStream();
        opener.OpenAsync(source, output, expected).GetAwaiter().GetResult();
        return output.ToArray();
    }

    static Result Attempt(Func<byte[]> open)
    {
        try
        {
            return new Result(open(), null);
        }
        catch (CryptoException e)
        {
            return new Result(null, e);
        }
    }

    sealed record Result(byte[]? Plaintext, CryptoException? Rejection)
    {
        public override string ToString() => Rejection is null ? "accepted" : $"{Rejection.GetType().Name} ({Rejection.Message})";
    }
}
