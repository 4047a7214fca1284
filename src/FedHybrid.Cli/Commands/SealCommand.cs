using System.CommandLine;
using System.Text;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid seal`: a file into an envelope (docs/envelope.md), streaming, for interoperability checks.</summary>
public static class SealCommand
{
    public static Command Create()
    {
        var to = new Option<string[]>("--to") { Description = "Recipient public key PEM, as PATH or ID=PATH; repeat for a multi-recipient envelope. A single PATH gets the id 'recipient'. With --insecure-none, recipient ids (no keys).", AllowMultipleArgumentsPerToken = false };
        var from = new Option<FileInfo>("--from") { Description = "Sender's signing private key PEM.", Required = true };
        var input = new Option<FileInfo>("--in") { Description = "Plaintext file.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Envelope file to write.", Required = true };
        var aad = new Option<string?>("--aad") { Description = "Associated data (UTF-8) stored in the authenticated header." };
        var senderId = new Option<string>("--sender-id") { Description = "Sender id written in the header.", DefaultValueFactory = _ => "sender" };
        var run = new Option<string>("--run") { Description = "Run id written in the header.", DefaultValueFactory = _ => "cli" };
        var round = new Option<ulong>("--round") { Description = "Round written in the header.", DefaultValueFactory = _ => 0 };
        var parallelism = new Option<int>("--parallelism") { Description = "Cores used to seal chunks.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the signing key's passphrase." };
        var insecure = new Option<bool>("--insecure-none") { Description = "Use suite 'none': the body is NOT encrypted (overhead measurements only)." };

        var command = new Command("seal", "Seal a file for one or more recipients, signed by the sender.");
        foreach (var option in new Option[] { to, from, input, output, aad, senderId, run, round, parallelism, passphraseEnv, insecure }) command.Options.Add(option);
        command.SetAction(pr => CliErrors.Run(() =>
        {
            var recipients = Recipients(pr.GetValue(to) ?? [], pr.GetValue(insecure));
            using var signer = KeyFiles.ImportSigningKey(File.ReadAllText(pr.GetValue(from)!.FullName), CliErrors.Passphrase(pr.GetValue(passphraseEnv)));
            using var sealer = new EnvelopeSealer(pr.GetValue(senderId)!, signer, maxParallelism: pr.GetValue(parallelism));
            var aadBytes = Encoding.UTF8.GetBytes(pr.GetValue(aad) ?? "");
            using (var source = File.OpenRead(pr.GetValue(input)!.FullName))
            using (var destination = File.Create(pr.GetValue(output)!.FullName))
                sealer.SealAsync(pr.GetValue(run)!, pr.GetValue(round), recipients, source, destination, aadBytes).GetAwaiter().GetResult();
            Console.WriteLine($"sealed {pr.GetValue(input)!.Length} bytes for {string.Join(", ", recipients.Select(r => r.Id))} " +
                $"with {Suite.NameOf(recipients[0].Key.Suite)} -> {pr.GetValue(output)!.FullName} ({new FileInfo(pr.GetValue(output)!.FullName).Length} bytes)");
        }));
        return command;
    }

    static EnvelopeRecipient[] Recipients(string[] specs, bool insecure)
    {
        if (insecure)
        {
            // Suite 'none' has no keys: each --to is just a recipient id.
            if (specs.Any(spec => spec.Contains('=') || File.Exists(spec)))
                throw new ArgumentException("With --insecure-none, --to takes recipient ids, not keys (suite 'none' has no keys).");
            Console.Error.WriteLine("WARNING: suite 'none' writes the body in PLAINTEXT. Use it only to measure overhead.");
            return (specs.Length == 0 ? ["recipient"] : specs).Select(id => new EnvelopeRecipient(id, Suite.ImportRecipient(SuiteId.None, []))).ToArray();
        }
        if (specs.Length == 0) throw new ArgumentException("Give at least one --to public key (or --insecure-none).");
        return specs.Select(spec =>
        {
            int eq = spec.IndexOf('=');
            string id = eq > 0 ? spec[..eq] : specs.Length == 1 ? "recipient" : Path.GetFileNameWithoutExtension(spec);
            string path = eq > 0 ? spec[(eq + 1)..] : spec;
            return new EnvelopeRecipient(id, KeyFiles.ImportRecipient(File.ReadAllText(path)));
        }).ToArray();
    }
}
