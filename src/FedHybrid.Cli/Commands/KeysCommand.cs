using FedHybrid.Federation.Security;
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
        var participant = new Option<string?>("--id") { Description = "Name the files as a participant's keys (ID.envelope.key.pem, ID.signing.key.pem and their .pub.pem), which `fedhybrid client --keys DIR --id ID` reads." };

        var generate = new Command("generate", "Generate encryption.{key,pub}.pem (the suite's key pair) and signing.{key,pub}.pem.");
        foreach (var option in new Option[] { suite, signature, output, passphraseEnv, force, participant }) generate.Options.Add(option);
        generate.SetAction(pr => CliErrors.Run(() =>
        {
            var suiteId = Suite.Parse(pr.GetValue(suite)!);
            var algorithm = SignatureAlgorithms.Parse(pr.GetValue(signature)!);
            var directory = pr.GetValue(output)!;
            string? passphrase = CliErrors.Passphrase(pr.GetValue(passphraseEnv));
            string? id = pr.GetValue(participant);
            if (id is not null && passphrase is not null)
                throw new ArgumentException("--id writes keys a client reads unattended, so they cannot be encrypted: drop --passphrase-env");
            if (id is not null && (id.Length == 0 || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || id.Contains('.')))
                throw new ArgumentException($"--id '{id}' must be a non-empty name without '.', '/' or other characters a file name cannot hold");
            bool overwrite = pr.GetValue(force);
            if (id is not null)
            {
                // A participant's keys in the layout the client and the coordinator read: ParticipantKeys writes them.
                RefuseExisting(directory, ParticipantKeys.FileNames(id, suiteId), overwrite);
                using var keys = ParticipantKeys.Generate(id, suiteId, algorithm);
                keys.Save(directory.FullName);
                foreach (var name in ParticipantKeys.FileNames(id, suiteId))
                    Console.WriteLine($"wrote {Path.Combine(directory.FullName, name)}");
            }
            else
            {
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
                // Every name is checked before any file is written, so a refusal leaves the folder as it was.
                RefuseExisting(directory, files.Select(f => f.Name), overwrite);
                foreach (var (name, pem) in files)
                {
                    var path = Path.Combine(directory.FullName, name);
                    File.WriteAllText(path, pem);
                    if (name.EndsWith(".key.pem") && !OperatingSystem.IsWindows())
                        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    Console.WriteLine($"wrote {path}");
                }
            }
            Console.WriteLine($"suite {Suite.NameOf(suiteId)}, signature {SignatureAlgorithms.NameOf(algorithm)}{(passphrase is null ? "" : ", private keys encrypted")}");
        }));

        static void RefuseExisting(DirectoryInfo directory, IEnumerable<string> names, bool overwrite)
        {
            if (overwrite)
                return;
            var existing = names.Select(n => Path.Combine(directory.FullName, n)).Where(File.Exists).ToArray();
            if (existing.Length > 0)
                throw new IOException($"{string.Join(", ", existing)} exist{(existing.Length == 1 ? "s" : "")}; pass --force to overwrite.");
        }

        var command = new Command("keys", "Key files: PKCS#8 / SPKI PEM for every suite and signature algorithm.");
        command.Subcommands.Add(generate);
        return command;
    }
}
