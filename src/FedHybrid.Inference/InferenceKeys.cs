using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Inference;
using FedHybrid.Crypto.Suites;
using FedHybrid.Deployment;

namespace FedHybrid.Inference;

/// <summary>The raw X25519 keys sealed inference uses: a key pair of its own in the coordinator kit
/// (<see cref="KitFiles.InferencePrivateKey"/>), never the envelope key that opens updates; client
/// kits carry its public half (<see cref="KitFiles.InferencePublicKey"/>). Kits provisioned before
/// that key existed still load for federation; serving from one needs <see cref="AddToCoordinatorKit"/> once.</summary>
public static class InferenceKeys
{
    /// <summary>The suite whose PKCS#8 / SPKI encodings the inference key files use (X25519 whatever the lab's suite).</summary>
    public const SuiteId Suite = LabKeys.InferenceSuite;

    /// <summary>The raw private key; the caller zeroes it.</summary>
    public static byte[] ServerPrivateKey(CoordinatorKit kit)
    {
        RequireFile(kit.Directory, KitFiles.InferencePrivateKey,
            "this coordinator kit has no inference key (it was provisioned before sealed inference had its own key). " +
            "Run `fedhybrid serve --add-inference-key` once with this kit, then copy its " + KitFiles.InferencePublicKey + " into every client kit that will send requests.");
        var pair = KitFileIO.ReadKeyPair(kit.Directory, KitFiles.InferencePrivateKey, KitFiles.InferencePublicKey, Suite);
        var pkcs8 = LabKeys.Pkcs8Of(pair);
        try
        {
            return InferenceKeyPair.ImportPkcs8PrivateKey(pkcs8);
        }
        catch (InvalidKeyException e)
        {
            throw new KitLoadException(Path.Combine(kit.Directory, KitFiles.InferencePrivateKey), $"is not an X25519 private key: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The server's raw public key, from a client kit's copy of it.</summary>
    public static byte[] ServerPublicKey(ClientKit kit)
    {
        RequireFile(kit.Directory, KitFiles.InferencePublicKey,
            "this client kit has no inference public key (it was provisioned before sealed inference had its own key). " +
            "Copy " + KitFiles.InferencePublicKey + " from the coordinator kit (after `fedhybrid serve --add-inference-key` there) into this folder.");
        var spki = KitFileIO.ReadPublicKey(kit.Directory, KitFiles.InferencePublicKey, Suite);
        return InferenceKeyPair.ImportSubjectPublicKeyInfo(spki);
    }

    /// <summary>Creates the inference key pair in a coordinator kit that lacks it (kits from before it
    /// existed); never overwrites one. Returns the public key file, which client kits need a copy of.</summary>
    public static string AddToCoordinatorKit(CoordinatorKit kit)
    {
        var privatePath = Path.Combine(kit.Directory, KitFiles.InferencePrivateKey);
        var publicPath = Path.Combine(kit.Directory, KitFiles.InferencePublicKey);
        if (File.Exists(privatePath) || File.Exists(publicPath))
            throw new KitLoadException(privatePath, "the kit already has an inference key; refusing to replace it (clients hold its public half).");
        LabProvisioner.WriteKeyPair(kit.Directory, KitFiles.InferencePrivateKey, KitFiles.InferencePublicKey, LabKeys.NewEnvelopeKeyPair(Suite));
        return publicPath;
    }

    static void RequireFile(string directory, string name, string whenMissing)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
            throw new KitLoadException(path, whenMissing);
    }
}
