using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;
using FedHybrid.Deployment;

namespace FedHybrid.Fuzz;

/// <summary>Fixed, test-only keys and lab kits under Material/ (written once by <c>material</c>, kept in
/// the repository): the seeds are sealed to these keys and the kits hold them, so the same corpus
/// reaches past the key checks in the fuzzer and in the replay tests alike.</summary>
public static class FuzzMaterial
{
    public const string RunId = "run-fuzz";
    public const ulong Round = 1;
    public const string SenderId = "client-1";
    public const string RecipientId = "coordinator";
    /// <summary>Certificates of the kept kits stay valid for this long after <c>material</c> ran.</summary>
    public const int KitValidityDays = 3650;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Material");

    public static IReadOnlyList<SuiteId> Suites { get; } = [SuiteId.HpkeX25519Aes256Gcm, SuiteId.HpkeP256Aes256Gcm, SuiteId.Rsa4096OaepAes256Gcm, SuiteId.PqXWingAes256Gcm, SuiteId.None];

    public static IReadOnlyList<SignatureAlgorithm> SignatureAlgorithms { get; } =
        [SignatureAlgorithm.Ed25519, SignatureAlgorithm.EcdsaP256Sha256, SignatureAlgorithm.RsaPssSha256, SignatureAlgorithm.MLDsa65];

    static readonly Lazy<Dictionary<SuiteId, IIdentity>> Identities = new(() =>
        Suites.ToDictionary(s => s, s => s == SuiteId.None ? new NoneIdentity() : KeyFiles.ImportIdentity(File.ReadAllText(IdentityPath(Directory, s)))));

    static readonly Lazy<Dictionary<SignatureAlgorithm, ISigningKey>> Signers = new(() =>
        SignatureAlgorithms.ToDictionary(a => a, a => KeyFiles.ImportSigningKey(File.ReadAllText(SignerPath(Directory, a)))));

    /// <summary>The recipient's private key of <paramref name="suite"/>.</summary>
    public static IIdentity Identity(SuiteId suite) => Identities.Value[suite];

    /// <summary>The sender's signing key of <paramref name="algorithm"/>.</summary>
    public static ISigningKey Signer(SignatureAlgorithm algorithm) => Signers.Value[algorithm];

    public static string KitDirectory(string kit) => Path.Combine(Directory, "kits", kit);

    static string IdentityPath(string directory, SuiteId suite) => Path.Combine(directory, "keys", $"recipient.{Suite.NameOf(suite)}.key.pem");

    static string SignerPath(string directory, SignatureAlgorithm algorithm) => Path.Combine(directory, "keys", $"sender.{algorithm}.key.pem");

    /// <summary>Writes fresh material into <paramref name="directory"/> (the project's Material/ folder).</summary>
    public static void Generate(string directory)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "keys"));
        foreach (var suite in Suites.Where(s => s != SuiteId.None))
        {
            using var identity = Suite.GenerateIdentity(suite);
            File.WriteAllText(IdentityPath(directory, suite), KeyFiles.ExportPrivateKeyPem(identity));
        }
        foreach (var algorithm in SignatureAlgorithms)
        {
            using var key = Crypto.Signatures.SignatureAlgorithms.Generate(algorithm);
            File.WriteAllText(SignerPath(directory, algorithm), KeyFiles.ExportPrivateKeyPem(key));
        }
        var kits = Path.Combine(directory, "kits");
        if (System.IO.Directory.Exists(kits)) System.IO.Directory.Delete(kits, recursive: true);
        LabProvisioner.Provision(new ProvisionOptions(1, kits, ValidityDays: KitValidityDays));
    }
}
