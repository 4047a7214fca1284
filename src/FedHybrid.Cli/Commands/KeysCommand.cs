using System.CommandLine;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid keys generate`: a suite key pair and a signing key pair as PEM files.</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = $"Suite: {string.Join(", ", Suite.ValidNames)}.", DefaultValueFactory = _ => Suite.NameOf(Suite.Default) };
        var signature = new Option<string>("--sig") { Description = $"Signature algorithm: {string.Join(", ", SignatureAlgorithms.ValidNames)}.", DefaultValueFactory = _ => SignatureAlgorithms.NameOf(SignatureAlgorithms.Default) };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write the key files into (created if missing).", Required = true };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Encrypt the private keys (PKCS#8 PBES2) with the passphrase in this environment variable." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files." };

        var generate = new Command("generate", "Generate encryption.{key,pub}.pem (the suite's key pair) and signing.{key,pub}.pem.");
        foreach (var option in new Option[] { suite, signature, output, passphraseEnv, force }) generate.Options.Add(option);
        generate.SetAction(pr => CliErrors.Run(() =>
        {
            var suiteId = Suite.Parse(pr.GetValue(suite)!);
            var algorithm = SignatureAlgorithms.Parse(pr.GetValue(signature)!);
            var directory = pr.GetValue(output)!;
            string? passphrase = CliErrors.Passphrase(pr.GetValue(passphraseEnv));
            directory.Create();
            var files = new List<(string Name, string Pem)>();
            if (suiteId == SuiteId.None)
            {
                Console.Error.WriteLine("WARNING: suite 'none' has no encryption keys; envelopes will carry PLAINTEXT. Use it only to measure overhead.");
            }
            else
            {
                using var identity = Suite.GenerateIdentity(suiteId);
                files.Add(("encryption.key.pem", KeyFiles.ExportPrivateKeyPem(identity, passphrase)));
                files.Add(("encryption.pub.pem", KeyFiles.ExportPublicKeyPem(identity.Recipient)));
            }
            using (var signing = SignatureAlgorithms.Generate(algorithm))
            {
                files.Add(("signing.key.pem", KeyFiles.ExportPrivateKeyPem(signing, passphrase)));
                files.Add(("signing.pub.pem", KeyFiles.ExportPublicKeyPem(signing.VerificationKey)));
            }
            foreach (var (name, pem) in files)
            {
                var path = Path.Combine(directory.FullName, name);
                if (File.Exists(path) && !pr.GetValue(force)) throw new IOException($"{path} exists; pass --force to overwrite.");
                File.WriteAllText(path, pem);
                if (name.EndsWith(".key.pem") && !OperatingSystem.IsWindows())
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                Console.WriteLine($"wrote {path}");
            }
            Console.WriteLine($"suite {Suite.NameOf(suiteId)}, signature {SignatureAlgorithms.NameOf(algorithm)}{(passphrase is null ? "" : ", private keys encrypted")}");
        }));

        var command = new Command("keys", "Key files: PKCS#8 / SPKI PEM for every suite and signature algorithm.");
        command.Subcommands.Add(generate);
        return command;
    }
}
