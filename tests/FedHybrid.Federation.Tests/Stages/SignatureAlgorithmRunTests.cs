using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>Participants sign with the algorithm their keys were made with, not a fixed one.</summary>
public sealed class SignatureAlgorithmRunTests
{
    [Fact]
    public async Task ParticipantsWithMLDsa65KeyFilesCompleteARound()
    {
        using var files = new TempDirectory();
        var keys = new TestKeys(3, SuiteId.HpkeX25519Aes256Gcm, SignatureAlgorithm.MLDsa65, files.Path);
        // The keys came back from their files as ML-DSA-65, and the registry verifies with ML-DSA-65.
        Assert.Equal(SignatureAlgorithm.MLDsa65, keys.CoordinatorKeys.Signing.Algorithm);
        Assert.All(keys.Clients, c => Assert.Equal(SignatureAlgorithm.MLDsa65, SignatureAlgorithms.ImportVerificationKey(c.Identity.SigningKey).Algorithm));
        var descriptor = StrategyRegistry.Find("fedavg");
        var strategy = descriptor.Create(descriptor.DefaultOptions(), new FitSettings(2, 8, 0.1, 0.5, 0, Seed: 7));
        using var run = new InProcessRun(3, parameters: 4, rounds: 1, strategy, keys: keys);

        var (summary, exits) = await run.RunAsync(i => new FakeTrainer(4, 0.5f, 10 * (i + 1)));

        Assert.All(exits, e => Assert.Equal(ClientExitCode.Finished, e));
        Assert.Equal(1, summary.RoundsAggregated);
        Assert.Equal(0, summary.UpdatesRejected);
    }

    [Fact]
    public void AnEnvelopeSignedWithAnotherAlgorithmThanTheSendersProvisionedKeyIsRefusedNamingBoth()
    {
        using var keys = new TestKeys(1);
        var provisioned = keys.Clients[0].Identity;
        // Someone holding an ML-DSA-65 key seals as client-1, whose provisioned key is Ed25519.
        using var other = SignatureAlgorithms.Generate(SignatureAlgorithm.MLDsa65);
        using var sealer = new EnvelopeSealer(provisioned.Id, other);
        var recipient = new EnvelopeRecipient(keys.CoordinatorKeys.Id, keys.CoordinatorKeys.Envelope.Recipient);
        var envelope = sealer.Seal("run-t", 1, recipient, "update"u8);

        var e = Assert.Throws<EnvelopeMismatchException>(() => keys.Coordinator.OpenReply(envelope, provisioned));
        Assert.Contains("ml-dsa-65", e.Message);
        Assert.Contains("'client-1' is ed25519", e.Message);
    }
}
