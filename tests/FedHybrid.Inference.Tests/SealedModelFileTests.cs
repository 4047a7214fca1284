using FedHybrid.Crypto.Envelopes;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Inference;
using FedHybrid.Deployment;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;
using Xunit;

namespace FedHybrid.Inference.Tests;

/// <summary>`serve --model` given the coordinator's other sealed file, its checkpoint, which opens
/// with the same key.</summary>
public sealed class SealedModelFileTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("mlp2nn")]
    public void ACheckpointIsRefusedAsACheckpoint_NotReadAsAParameterCount(string? arch)
    {
        var lab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("lab")));
        using var kit = CoordinatorKit.Load(lab.CoordinatorKit);
        var runFolder = _temp.Sub("run");
        using (var keys = ParticipantKeys.Load(kit.Directory, KitFiles.CoordinatorId, kit.Suite))
        using (var crypto = new CoordinatorCrypto(keys, RekeyPolicy.Message, 1))
            new CheckpointStore(runFolder, crypto).Save(new CoordinatorCheckpoint("run-7", 2, [1f, 2f, 3f], FedHybrid.Aggregation.StrategyState.Empty, ["an-envelope-id"], [], [], []));

        var e = Assert.Throws<MalformedPayloadException>(() => SealedModelFile.Open(Path.Combine(runFolder, CheckpointStore.FileName), kit, arch));
        Assert.Contains("is a coordinator checkpoint, not a final model", e.Message);
    }

    [Fact]
    public void AModelPayloadWhoseCountDisagreesWithItsLength_IsRefused()
    {
        var lab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("lab")));
        using var kit = CoordinatorKit.Load(lab.CoordinatorKit);
        var payload = ModelPayload.Encode([1f, 2f, 3f]);
        payload[8] = 0xFF; // parameter count 255 over 3 floats
        var path = _temp.Sub("final-model.sealed");
        Directory.CreateDirectory(_temp.Path);
        using (var keys = ParticipantKeys.Load(kit.Directory, KitFiles.CoordinatorId, kit.Suite))
        using (var crypto = new CoordinatorCrypto(keys, RekeyPolicy.Message, 1))
            File.WriteAllBytes(path, crypto.SealAtRest(new EnvelopeContext("run-7", 3, KitFiles.CoordinatorId), payload));

        var e = Assert.Throws<MalformedPayloadException>(() => SealedModelFile.Open(path, kit, "mlp2nn"));
        Assert.Contains("names 255 parameters but holds 3", e.Message);
    }
}
