using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>What the envelope benchmarks share: a random message, recipients r0..rN-1 of one suite, an
/// Ed25519 sender, a sealer and an opener (for r0), and one envelope sealed ahead for the open benchmarks.</summary>
public abstract class EnvelopeBenchmarkBase
{
    protected byte[] Message = [];
    protected byte[] Envelope = [];
    protected EnvelopeSealer Sealer = null!;
    protected EnvelopeOpener Opener = null!;
    protected EnvelopeRecipient[] Recipients = [];
    protected ExpectedEnvelope Expected = null!;
    protected ulong Round;
    IIdentity[] _identities = [];
    ISigningKey _signer = null!;

    protected void SetUp(int bytes, SuiteId suite, int recipients, int workers, RekeyPolicy rekey)
    {
        Message = new byte[bytes];
        new Random(1).NextBytes(Message);
        _identities = Enumerable.Range(0, recipients).Select(_ => Suite.GenerateIdentity(suite)).ToArray();
        _signer = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        Sealer = new EnvelopeSealer("sender", _signer, rekey, workers);
        Opener = new EnvelopeOpener("r0", _identities[0], rekey: rekey, maxParallelism: workers);
        Recipients = _identities.Select((identity, i) => new EnvelopeRecipient($"r{i}", identity.Recipient)).ToArray();
        Expected = new ExpectedEnvelope("bench", 1, "sender", _signer.VerificationKey);
        Envelope = Sealer.Seal("bench", 1, Recipients, Message);
    }

    protected void TearDown()
    {
        Sealer.Dispose();
        Opener.Dispose();
        foreach (var identity in _identities) identity.Dispose();
        _signer.Dispose();
    }
}
