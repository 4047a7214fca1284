using System.CommandLine;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid open`: verify and decrypt an envelope file or pipe. Nothing is left at --out unless
/// the sender's signature, the stanza, the commitment and every chunk verify. Run, round and sender id are
/// checked only when given; otherwise the authenticated header's values are printed, never guessed from
/// an unauthenticated look at the header first.</summary>
public static class OpenCommand
{
    public static Command Create()
    {
        var key = new Option<FileInfo?>("--key") { Description = "Recipient private key PEM (omit with --insecure-none)." };
        var sender = new Option<FileInfo>("--sender") { Description = "Sender's signing public key PEM.", Required = true };
        var input = new Option<FileInfo>("--in") { Description = "Envelope file, or a pipe such as /dev/stdin (read once, streaming).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Plaintext file to write.", Required = true };
        var recipientId = new Option<string?>("--recipient-id") { Description = "Own recipient id (default: the envelope's only recipient)." };
        var senderId = new Option<string?>("--sender-id") { Description = "Expected sender id (default: not checked; the --sender key authenticates the envelope)." };
        var run = new Option<string?>("--run") { Description = "Expected run id (default: not checked)." };
        var round = new Option<ulong?>("--round") { Description = "Expected round (default: not checked)." };
        var parallelism = new Option<int>("--parallelism") { Description = "Cores used to open chunks.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the private key's passphrase." };
        var insecure = new Option<bool>("--insecure-none") { Description = "Accept a suite 'none' (plaintext) envelope." };

        var command = new Command("open", "Verify and decrypt an envelope file.");
        foreach (var option in new Option[] { key, sender, input, output, recipientId, senderId, run, round, parallelism, passphraseEnv, insecure }) command.Options.Add(option);
        command.SetAction(pr => CliErrors.Run(() =>
        {
            var inPath = pr.GetValue(input)!.FullName;
            string? me = pr.GetValue(recipientId);
            using IIdentity identity = pr.GetValue(insecure) ? Suite.GenerateIdentity(SuiteId.None)
                : KeyFiles.ImportIdentity(File.ReadAllText((pr.GetValue(key) ?? throw new ArgumentException("--key is required.")).FullName), CliErrors.Passphrase(pr.GetValue(passphraseEnv)));
            var expected = new ExpectedEnvelope(pr.GetValue(run), pr.GetValue(round), pr.GetValue(senderId),
                KeyFiles.ImportVerificationKey(File.ReadAllText(pr.GetValue(sender)!.FullName)));
            using var opener = new EnvelopeOpener(me, identity, maxParallelism: pr.GetValue(parallelism));
            var outPath = pr.GetValue(output)!.FullName;
            var temporary = outPath + ".partial";
            try
            {
                EnvelopeHeader header;
                // A pipe is not seekable: the opener then reads it once (docs/envelope.md section 3), and the
                // partial file is removed below if any check fails.
                using (var source = new FileStream(inPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16))
                using (var destination = File.Create(temporary))
                    header = opener.OpenAsync(source, destination, expected).GetAwaiter().GetResult();
                File.Move(temporary, outPath, overwrite: true);
                Console.WriteLine($"opened {header.PlaintextLength} bytes: suite {Suite.NameOf(header.Suite)}, run '{header.RunId}', round {header.Round}, " +
                    $"from '{header.SenderId}' to '{me ?? header.RecipientIds[0]}', envelope id {header.EnvelopeId:x32}");
                if (header.Suite == SuiteId.None) Console.Error.WriteLine("WARNING: this envelope was NOT encrypted (suite 'none').");
            }
            finally
            {
                File.Delete(temporary);
            }
        }));
        return command;
    }
}
