using CsCheck;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Tests.Envelopes;

namespace FedHybrid.Crypto.Tests.Properties;

/// <summary>Generated envelopes (every suite; bodies from empty to several chunks, biased to chunk
/// boundaries; 1 to 4 recipients with ours anywhere in the list; any associated data; any round) open to
/// exactly what was sealed, by every opening path, and any single changed byte is refused.</summary>
public sealed class EnvelopeRoundTripProperties
{
    const string Run = "run-prop";
    const string Sender = "client-7";
    const string Me = "coordinator";

    static readonly Gen<int> Size = Gen.OneOf<int>(
        Gen.Int[0, 70],
        Gen.Int[Cobblestone256.ChunkSize - 2, Cobblestone256.ChunkSize + 2],
        Gen.Int[2 * Cobblestone256.ChunkSize - 2, 2 * Cobblestone256.ChunkSize + 2],
        Gen.Int[0, 3 * Cobblestone256.ChunkSize + 5]);

    /// <summary>One sealed message: what went in, and how it was addressed.</summary>
    sealed record Case(SuiteId Suite, byte[] Plaintext, byte[] AssociatedData, int Recipients, int MyPosition, ulong Round)
    {
        public override string ToString() =>
            $"{Suite}, {Plaintext.Length} bytes, {AssociatedData.Length} bytes of AD, recipient {MyPosition + 1} of {Recipients}, round {Round}";
    }

    static readonly Gen<Case> Cases =
        from suite in Gen.OneOf(TestKeys.AllSuites.ToArray())
        from size in Size
        from plaintext in Gen.Byte.Array[size]
        from aad in Gen.Byte.Array[0, 40]
        from recipients in Gen.Int[1, 4]
        from position in Gen.Int[0, recipients - 1]
        from round in Gen.ULong
        select new Case(suite, plaintext, aad, recipients, position, round);

    static byte[] Seal(Case c, ISigningKey signer)
    {
        // The other recipients hold another key of the same suite, so only our stanza opens for us.
        var recipients = Enumerable.Range(0, c.Recipients)
            .Select(i => i == c.MyPosition ? new EnvelopeRecipient(Me, TestKeys.Identity(c.Suite).Recipient) : new EnvelopeRecipient($"client-{i}", TestKeys.Identity(c.Suite, 1).Recipient))
            .ToArray();
        using var sealer = new EnvelopeSealer(Sender, signer);
        return sealer.Seal(Run, c.Round, recipients, c.Plaintext, c.AssociatedData);
    }

    [Fact]
    public void EverySuiteAndSizeOpensToWhatWasSealedByEveryPath()
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        Cases.Sample(c =>
        {
            var envelope = Seal(c, signer);
            var expected = new ExpectedEnvelope(Run, c.Round, Sender, signer.VerificationKey);
            using var opener = new EnvelopeOpener(Me, TestKeys.Identity(c.Suite));

            var opened = opener.Open(envelope, expected);
            Assert.Equal(c.Plaintext, opened.Plaintext);
            Assert.Equal(c.AssociatedData, opened.Header.AssociatedData.ToArray());
            Assert.Equal(c.Recipients, opened.Header.RecipientIds.Count);
            Assert.Equal(Me, opened.Header.RecipientIds[c.MyPosition]);
            Assert.Equal((c.Suite, c.Round, Sender, (long)c.Plaintext.Length), (opened.Header.Suite, opened.Header.Round, opened.Header.SenderId, opened.Header.PlaintextLength));

            foreach (var source in new Stream[] { new MemoryStream(envelope), new NonSeekableStream(envelope) })
            {
                var output = new MemoryStream();
                var header = opener.OpenAsync(source, output, expected).GetAwaiter().GetResult();
                Assert.Equal(c.Plaintext, output.ToArray());
                Assert.Equal(opened.Header.EnvelopeId, header.EnvelopeId);
            }
        }, iter: 60, threads: 1, print: c => c.ToString());
    }

    [Fact]
    public void EverySignatureAlgorithmRoundTrips()
    {
        var gen = Gen.Select(Gen.OneOf(Enum.GetValues<SignatureAlgorithm>()), Cases);
        gen.Sample((algorithm, c) =>
        {
            var signer = TestKeys.Signer(algorithm);
            var envelope = Seal(c with { Plaintext = c.Plaintext[..Math.Min(c.Plaintext.Length, 300)] }, signer);
            using var opener = new EnvelopeOpener(Me, TestKeys.Identity(c.Suite));
            var opened = opener.Open(envelope, new ExpectedEnvelope(Run, c.Round, Sender, signer.VerificationKey));
            Assert.Equal(c.Plaintext[..Math.Min(c.Plaintext.Length, 300)], opened.Plaintext);
            Assert.Equal(algorithm, opened.Header.SignatureAlgorithm);
        }, iter: 25, threads: 1, print: t => $"{t.Item1}, {t.Item2}");
    }

    [Fact]
    public void AnySingleChangedByteIsRefusedWithACryptoException()
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var gen = from c in Cases
                  from position in Gen.Double[0, 1]
                  from flip in Gen.Byte[1, 255]
                  select (c with { Plaintext = c.Plaintext[..Math.Min(c.Plaintext.Length, 2 * Cobblestone256.ChunkSize)] }, position, flip);
        gen.Sample((c, position, flip) =>
        {
            var envelope = Seal(c, signer);
            int at = (int)(position * (envelope.Length - 1));
            envelope[at] ^= flip;
            using var opener = new EnvelopeOpener(Me, TestKeys.Identity(c.Suite));
            var refused = Assert.ThrowsAny<CryptoException>(() => opener.Open(envelope, new ExpectedEnvelope(Run, c.Round, Sender, signer.VerificationKey)));
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        }, iter: 150, threads: 1, print: t => $"{t.Item1}, byte {t.Item2:F4} of the envelope xor {t.Item3}");
    }
}
