using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// The crypto issue's target as a paired measurement: this machine's AES speed drifts by tens of percent
/// within minutes, so each pair runs `openssl speed -seconds 1 -bytes 16384 -evp aes-256-gcm` and then,
/// right after, single-threaded seal+open of a 6.65 MB envelope (default suite, Ed25519, one recipient,
/// reused buffers), and divides the two. Reports every pair and the median ratio.
/// Usage: envelope-vs-openssl [--pairs 10] [--iterations 30] [--rekey message|round|run].
/// </summary>
public static class EnvelopeVersusOpenSsl
{
    const int Bytes = 6_650_000;

    public static int Run(string[] args)
    {
        int pairs = int.Parse(RoutineArgs.Value(args, "--pairs", "10"), CultureInfo.InvariantCulture);
        int iterations = int.Parse(RoutineArgs.Value(args, "--iterations", "30"), CultureInfo.InvariantCulture);
        var rekey = Enum.Parse<RekeyPolicy>(RoutineArgs.Value(args, "--rekey", "message"), ignoreCase: true);

        var message = new byte[Bytes];
        new Random(1).NextBytes(message);
        using var identity = Suite.GenerateIdentity(SuiteId.HpkeX25519Aes256Gcm);
        using var signer = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        using var sealer = new EnvelopeSealer("client", signer, rekey);
        using var opener = new EnvelopeOpener("coordinator", identity, rekey: rekey);
        EnvelopeRecipient[] recipients = [new("coordinator", identity.Recipient)];
        var expected = new ExpectedEnvelope("bench", 1, "client", signer.VerificationKey);
        var sealedBuffer = new ArrayBufferWriter<byte>(7_000_000);
        var openedBuffer = new ArrayBufferWriter<byte>(7_000_000);

        void SealAndOpen()
        {
            sealedBuffer.ResetWrittenCount();
            openedBuffer.ResetWrittenCount();
            sealer.Seal("bench", 1, recipients, message, sealedBuffer);
            opener.Open(sealedBuffer.WrittenSpan, expected, openedBuffer);
        }

        SealAndOpen();
        if (!openedBuffer.WrittenSpan.SequenceEqual(message)) throw new InvalidOperationException("the envelope did not open to its message");
        for (int i = 0; i < iterations; i++) SealAndOpen();

        Console.WriteLine($"6.65 MB envelope, hpke-x25519-aes256gcm + Ed25519, one recipient, rekey {rekey.ToString().ToLowerInvariant()}, reused buffers, one thread; {iterations} seal+open per pair");
        Console.WriteLine();
        Console.WriteLine("| pair | OpenSSL AES-256-GCM 16 KiB (MB/s) | envelope seal+open (MB/s) | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|");
        var ratios = new List<double>();
        for (int pair = 1; pair <= pairs; pair++)
        {
            double reference = OpenSslMegabytesPerSecond();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < iterations; i++) SealAndOpen();
            double envelope = 2.0 * Bytes * iterations / clock.Elapsed.TotalSeconds / 1e6;
            ratios.Add(envelope / reference);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pair} | {reference:N0} | {envelope:N0} | {envelope / reference:F3} |"));
        }
        ratios.Sort();
        double median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median ratio {median:F3} (min {ratios[0]:F3}, max {ratios[^1]:F3}) over {pairs} pairs"));
        return 0;
    }

    /// <summary>One second of `openssl speed` at 16 KiB blocks; its last line reads "AES-256-GCM  2819096.58k" (1000s of bytes/s).</summary>
    static double OpenSslMegabytesPerSecond()
    {
        var start = new ProcessStartInfo("openssl", ["speed", "-seconds", "1", "-bytes", "16384", "-evp", "aes-256-gcm"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start openssl");
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("AES-256-GCM", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"unexpected openssl speed output:\n{output}");
        string kilobytes = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd('k');
        return double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1000;
    }
}
