using System.Security.Cryptography;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;

namespace FedHybrid.Crypto.Tests.Envelopes;

public sealed class EnvelopeRoundTripTests
{
    const string Run = "run-42";

    public static TheoryData<SuiteId, int> SuitesAndSizes()
    {
        var data = new TheoryData<SuiteId, int>();
        foreach (var suite in TestKeys.AllSuites)
            foreach (int size in new[] { 0, 1, 16383, 16384, 16385, 100_000 })
                data.Add(suite, size);
        return data;
    }

    static byte[] Message(int size, int seed) { var m = new byte[size]; new Random(seed).NextBytes(m); return m; }

    static ExpectedEnvelope From(string sender, ISigningKey key, ulong round = 7) => new(Run, round, sender, key.VerificationKey);

    [Theory]
    [MemberData(nameof(SuitesAndSizes))]
    public async Task SealsAndOpensEverySuiteAndSize(SuiteId suite, int size)
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var identity = TestKeys.Identity(suite);
        var message = Message(size, size);
        var aad = "model=cnn"u8.ToArray();
        using var sealer = new EnvelopeSealer("client-3", signer, maxParallelism: 2);
        var envelope = sealer.Seal(Run, 7, new EnvelopeRecipient("coordinator", identity.Recipient), message, aad);
        Assert.Equal(EnvelopeLayout.Of(envelope).Total, envelope.Length);

        using var opener = new EnvelopeOpener("coordinator", identity, maxParallelism: 2);
        var opened = opener.Open(envelope, From("client-3", signer));
        Assert.Equal(message, opened.Plaintext);
        Assert.Equal(suite, opened.Header.Suite);
        Assert.Equal((ulong)7, opened.Header.Round);
        Assert.Equal("client-3", opened.Header.SenderId);
        Assert.Equal(["coordinator"], opened.Header.RecipientIds);
        Assert.Equal(aad, opened.Header.AssociatedData.ToArray());
        Assert.Equal(size, opened.Header.PlaintextLength);
        if (suite != SuiteId.None && size > 16)
            Assert.False(envelope.AsSpan().IndexOf(message.AsSpan(0, 16)) >= 0, "plaintext visible in the envelope");

        // The stream API produces an envelope the span API opens, and opens one from seekable and
        // non-seekable sources alike.
        using var sealedStream = new MemoryStream();
        await sealer.SealAsync(Run, 7, [new EnvelopeRecipient("coordinator", identity.Recipient)], new MemoryStream(message), sealedStream, aad,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(message, opener.Open(sealedStream.ToArray(), From("client-3", signer)).Plaintext);
        foreach (var source in new Stream[] { new MemoryStream(envelope), new NonSeekableStream(envelope) })
        {
            using var output = new MemoryStream();
            var header = await opener.OpenAsync(source, output, From("client-3", signer), TestContext.Current.CancellationToken);
            Assert.Equal(message, output.ToArray());
            Assert.Equal(opened.Header.EnvelopeId, header.EnvelopeId);
        }
    }

    [Theory]
    [InlineData(SignatureAlgorithm.EcdsaP256Sha256)]
    [InlineData(SignatureAlgorithm.RsaPssSha256)]
    [InlineData(SignatureAlgorithm.MLDsa65)]
    public void EverySignatureAlgorithmSignsEnvelopes(SignatureAlgorithm algorithm)
    {
        var signer = TestKeys.Signer(algorithm);
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("coordinator", signer);
        var envelope = sealer.Seal(Run, 1, new EnvelopeRecipient("c1", identity.Recipient), "global model"u8);
        using var opener = new EnvelopeOpener("c1", identity);
        Assert.Equal("global model"u8.ToArray(), opener.Open(envelope, new ExpectedEnvelope(Run, 1, "coordinator", signer.VerificationKey)).Plaintext);
        Assert.Throws<EnvelopeMismatchException>(() => opener.Open(envelope,
            new ExpectedEnvelope(Run, 1, "coordinator", TestKeys.Signer(SignatureAlgorithm.Ed25519).VerificationKey)));
    }

    [Fact]
    public void MultiRecipientEnvelopeSealsTheBodyOnceForEveryone()
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var ids = new[] { "c0", "c1", "c2" };
        var recipients = ids.Select((id, i) => new EnvelopeRecipient(id, TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, i).Recipient)).ToArray();
        var model = Message(50_000, 1);
        using var sealer = new EnvelopeSealer("coordinator", signer);
        var envelope = sealer.Seal(Run, 3, recipients, model);
        Assert.Equal(3, sealer.WrapCount);
        // One Cobblestone body: the envelope is barely larger than a single-recipient one.
        var single = sealer.Seal(Run, 3, recipients[0], model);
        Assert.Equal(2 * (32 + 48 + 2 + 5), envelope.Length - single.Length);

        var expected = new ExpectedEnvelope(Run, 3, "coordinator", signer.VerificationKey);
        for (int i = 0; i < ids.Length; i++)
        {
            using var opener = new EnvelopeOpener(ids[i], TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, i));
            Assert.Equal(model, opener.Open(envelope, expected).Plaintext);
        }
        // Not listed; and listed but holding someone else's key.
        Assert.Throws<NotForThisRecipientException>(() => new EnvelopeOpener("c9", TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 0)).Open(envelope, expected));
        Assert.Throws<NotForThisRecipientException>(() => new EnvelopeOpener("c1", TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 0)).Open(envelope, expected));
    }

    [Theory]
    [InlineData(RekeyPolicy.Message, 3, 3)]
    [InlineData(RekeyPolicy.Round, 2, 2)]
    [InlineData(RekeyPolicy.Run, 1, 1)]
    public void RekeyPolicyDecidesHowOftenTheAsymmetricStepRuns(RekeyPolicy rekey, int wraps, int unwraps)
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client-1", signer, rekey);
        using var opener = new EnvelopeOpener("coordinator", identity, new ReplayGuard(), rekey);
        var recipient = new EnvelopeRecipient("coordinator", identity.Recipient);
        var salts = new HashSet<string>();
        foreach (ulong round in new ulong[] { 1, 1, 2 })
        {
            var envelope = sealer.Seal(Run, round, recipient, "delta"u8);
            var layout = EnvelopeLayout.Of(envelope);
            Assert.True(salts.Add(Convert.ToHexString(envelope, layout.BodyStart, 24)), "Cobblestone salt reused");
            Assert.Equal("delta"u8.ToArray(), opener.Open(envelope, new ExpectedEnvelope(Run, round, "client-1", signer.VerificationKey)).Plaintext);
        }
        Assert.Equal(wraps, sealer.WrapCount);
        Assert.Equal(unwraps, opener.UnwrapCount);
    }

    [Fact]
    public void NoneEnvelopesNeedTheNoneIdentityAndRealOnesRefuseIt()
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        using var sealer = new EnvelopeSealer("c", signer);
        var expected = new ExpectedEnvelope(Run, 1, "c", signer.VerificationKey);
        var plain = sealer.Seal(Run, 1, new EnvelopeRecipient("s", new NoneRecipient()), "clear"u8);
        Assert.Throws<NotForThisRecipientException>(() => new EnvelopeOpener("s", TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm)).Open(plain, expected));
        var real = sealer.Seal(Run, 1, new EnvelopeRecipient("s", TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm).Recipient), "secret"u8);
        Assert.Throws<NotForThisRecipientException>(() => new EnvelopeOpener("s", new NoneIdentity()).Open(real, expected));
    }

    [Fact]
    public void MisuseIsRefusedAtSealTime()
    {
        using var sealer = new EnvelopeSealer("c", TestKeys.Signer(SignatureAlgorithm.Ed25519));
        var x = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm).Recipient;
        var p = TestKeys.Identity(SuiteId.HpkeP256Aes256Gcm).Recipient;
        Assert.Throws<ArgumentException>(() => sealer.Seal(Run, 1, [], "m"u8));
        Assert.Throws<ArgumentException>(() => sealer.Seal(Run, 1, [new("a", x), new("b", p)], "m"u8));
        Assert.Throws<ArgumentException>(() => sealer.Seal(Run, 1, [new("a", x), new("a", x)], "m"u8));
        Assert.Throws<ArgumentException>(() => sealer.Seal(new string('r', 256), 1, [new("a", x)], "m"u8));
    }

    [Fact]
    public void EnvelopeIdsAreUniqueAndReplaysAreRejected()
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("c", signer);
        var recipient = new EnvelopeRecipient("s", identity.Recipient);
        var a = sealer.Seal(Run, 1, recipient, RandomNumberGenerator.GetBytes(10));
        var b = sealer.Seal(Run, 1, recipient, RandomNumberGenerator.GetBytes(10));
        Assert.NotEqual(EnvelopeOpener.PeekHeader(a).EnvelopeId, EnvelopeOpener.PeekHeader(b).EnvelopeId);
        var guard = new ReplayGuard();
        using var opener = new EnvelopeOpener("s", identity, guard);
        var expected = new ExpectedEnvelope(Run, 1, "c", signer.VerificationKey);
        opener.Open(a, expected);
        opener.Open(b, expected);
        Assert.Throws<ReplayedEnvelopeException>(() => opener.Open(a, expected));
        Assert.Equal(2, guard.Count);
    }
}
