using System.Diagnostics;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Tests.Envelopes;

namespace FedHybrid.Crypto.Tests.Interop;

/// <summary>Envelopes sealed here open in an independent implementation written from docs/envelope.md
/// (Interop/open_envelope.py, Python "cryptography"). Skipped when Debian's python3-cryptography is absent.</summary>
public sealed class PythonInteropTests
{
    const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData(0)]
    [InlineData(16384)]
    [InlineData(50_001)]
    public async Task PythonOpensAMultiRecipientEnvelope(int size)
    {
        if (!File.Exists(Python) || (await Run(Python, ["-c", "import cryptography"])).ExitCode != 0)
            Assert.Skip("needs /usr/bin/python3 with the cryptography package (Debian python3-cryptography)");
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var alice = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 0);
        var bob = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 1);
        var message = new byte[size];
        new Random(size).NextBytes(message);
        using var sealer = new EnvelopeSealer("coordinator", signer);
        var envelope = sealer.Seal("run-py", 4, [new("alice", alice.Recipient), new("bob", bob.Recipient)], message, "shape=10"u8);

        var dir = Directory.CreateTempSubdirectory("fedhybrid-interop-");
        try
        {
            string Write(string name, string text) { var p = Path.Combine(dir.FullName, name); File.WriteAllText(p, text); return p; }
            var envelopePath = Path.Combine(dir.FullName, "model.sealed");
            await File.WriteAllBytesAsync(envelopePath, envelope, TestContext.Current.CancellationToken);
            var result = await Run(Python, [Path.Combine(AppContext.BaseDirectory, "Interop", "open_envelope.py"), envelopePath,
                Write("bob.key.pem", KeyFiles.ExportPrivateKeyPem(bob)), Write("coordinator.pub.pem", KeyFiles.ExportPublicKeyPem(signer.VerificationKey)), "bob"]);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal(message, result.Output);
            Assert.Contains("round=4", result.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    static async Task<(int ExitCode, byte[] Output, string Error)> Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await copy;
        return (process.ExitCode, output.ToArray(), await error);
    }
}
