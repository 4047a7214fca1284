using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Inference;
using FedHybrid.Inference;
using FedHybrid.Deployment;
using Xunit;

namespace FedHybrid.Inference.Tests;

/// <summary>Sealed inference has its own key pair in the kits, whatever the lab's suite, and kits from
/// before it existed get a clear way to add one.</summary>
public sealed class InferenceKeysTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("hpke-x25519-aes256gcm")]
    [InlineData("hpke-p256-aes256gcm")]
    public void ProvisionedKits_HoldADedicatedInferenceKey_TheClientsKnowTheServersPublicHalf(string suite)
    {
        var lab = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Path, Suite: suite));
        using var coordinator = CoordinatorKit.Load(lab.CoordinatorKit);
        var privateKey = InferenceKeys.ServerPrivateKey(coordinator);
        var serverPublic = InferenceKeyPair.PublicKeyOf(privateKey);
        foreach (var dir in lab.ClientKits)
        {
            using var client = ClientKit.Load(dir);
            Assert.Equal(serverPublic, InferenceKeys.ServerPublicKey(client));
        }
        if (coordinator.Suite == SuiteId.HpkeX25519Aes256Gcm)
        {
            // Same algorithm as the envelope key, but not the same key.
            var envelopePublic = InferenceKeyPair.ImportSubjectPublicKeyInfo(coordinator.EnvelopeKey.PublicKeySpki);
            Assert.NotEqual(envelopePublic, serverPublic);
        }
    }

    [Fact]
    public void KitsFromBeforeTheInferenceKey_StillLoad_SayHowToAddIt_AndWorkOnceAdded()
    {
        var lab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path));
        File.Delete(Path.Combine(lab.CoordinatorKit, KitFiles.InferencePrivateKey));
        File.Delete(Path.Combine(lab.CoordinatorKit, KitFiles.InferencePublicKey));
        File.Delete(Path.Combine(lab.ClientKits[0], KitFiles.InferencePublicKey));

        using var coordinator = CoordinatorKit.Load(lab.CoordinatorKit);
        using var client = ClientKit.Load(lab.ClientKits[0]);
        var serverError = Assert.Throws<KitLoadException>(() => InferenceKeys.ServerPrivateKey(coordinator));
        Assert.EndsWith(KitFiles.InferencePrivateKey, serverError.FilePath);
        Assert.Contains("--add-inference-key", serverError.Message);
        var clientError = Assert.Throws<KitLoadException>(() => InferenceKeys.ServerPublicKey(client));
        Assert.Contains("Copy " + KitFiles.InferencePublicKey, clientError.Message);

        var publicFile = InferenceKeys.AddToCoordinatorKit(coordinator);
        File.Copy(publicFile, Path.Combine(lab.ClientKits[0], KitFiles.InferencePublicKey));
        Assert.Equal(InferenceKeyPair.PublicKeyOf(InferenceKeys.ServerPrivateKey(coordinator)), InferenceKeys.ServerPublicKey(client));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(lab.CoordinatorKit, KitFiles.InferencePrivateKey)));
        // Clients hold the public half: never replaced behind their back.
        Assert.Throws<KitLoadException>(() => InferenceKeys.AddToCoordinatorKit(coordinator));
    }

    [Fact]
    public void AMismatchedInferenceKeyFile_IsRefusedWithItsPath()
    {
        var first = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("first")));
        var second = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("second")));
        File.Copy(Path.Combine(second.CoordinatorKit, KitFiles.InferencePublicKey), Path.Combine(first.CoordinatorKit, KitFiles.InferencePublicKey), overwrite: true);
        using var coordinator = CoordinatorKit.Load(first.CoordinatorKit);
        var e = Assert.Throws<KitLoadException>(() => InferenceKeys.ServerPrivateKey(coordinator));
        Assert.EndsWith(KitFiles.InferencePrivateKey, e.FilePath);
    }
}
