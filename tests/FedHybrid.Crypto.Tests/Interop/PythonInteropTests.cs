using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Tests.Envelopes;
using FedHybrid.Crypto.Wrap;

namespace FedHybrid.Crypto.Tests.Interop;

/// <summary>Envelopes sealed here open in an independent implementation written from docs/envelope.md
/// (Interop/open_envelope.py, Python "cryptography"), and what the spec refuses it refuses too, at the
/// step the spec names. Skipped when Debian's python3-cryptography is absent.</summary>
public sealed class PythonInteropTests : IDisposable
{
    const string Python = "/usr/bin/python3";
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fedhybrid-interop-");

    public void Dispose() => _dir.Delete(recursive: true);

    static async Task RequirePython()
    {
        if (!File.Exists(Python) || (await Run(Python, ["-c", "import cryptography"])).ExitCode != 0)
            Assert.Skip("needs /usr/bin/python3 with the cryptography package (Debian python3-cryptography)");
    }

    string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the Python opener on <paramref name="envelope"/> as recipient <paramref name="me"/>
    /// (no recipient key for suite none).</summary>
    async Task<(int ExitCode, byte[] Output, string Error)> PythonOpen(byte[] envelope, IIdentity? recipient, IVerificationKey sender, string me, params string[] options)
    {
        var envelopePath = Path.Combine(_dir.FullName, "envelope.sealed");
        await File.WriteAllBytesAsync(envelopePath, envelope, TestContext.Current.CancellationToken);
        return await Run(Python, [Path.Combine(AppContext.BaseDirectory, "Interop", "open_envelope.py"), envelopePath,
            recipient is null ? "-" : Write("recipient.key.pem", KeyFiles.ExportPrivateKeyPem(recipient)),
            Write("sender.pub.pem", KeyFiles.ExportPublicKeyPem(sender)), me, .. options]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16384)]
    [InlineData(50_001)]
    public async Task PythonOpensAMultiRecipientEnvelope(int size)
    {
        await RequirePython();
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var alice = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 0);
        var bob = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 1);
        var message = new byte[size];
        new Random(size).NextBytes(message);
        using var sealer = new EnvelopeSealer("coordinator", signer);
        var envelope = sealer.Seal("run-py", 4, [new("alice", alice.Recipient), new("bob", bob.Recipient)], message, "shape=10"u8);

        var result = await PythonOpen(envelope, bob, signer.VerificationKey, "bob", "--run", "run-py", "--round", "4", "--sender-id", "coordinator");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(message, result.Output);
        Assert.Contains("round=4", result.Error);
    }

    [Fact]
    public async Task PythonOpensEcdsaSignedEnvelopesAndMultiRecipientNone()
    {
        await RequirePython();
        var signer = TestKeys.Signer(SignatureAlgorithm.EcdsaP256Sha256);
        var coordinator = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client", signer);
        // Many signatures: about half of raw ECDSA signatures have high s, so each is low only if the sealer makes it so.
        for (int i = 0; i < 8; i++)
        {
            var update = sealer.Seal("run", (ulong)i, new EnvelopeRecipient("coordinator", coordinator.Recipient), "update"u8);
            var opened = await PythonOpen(update, coordinator, signer.VerificationKey, "coordinator");
            Assert.True(opened.ExitCode == 0, opened.Error);
            Assert.Equal("update"u8.ToArray(), opened.Output);
        }
        var plain = sealer.Seal("run", 1, [new("a", new NoneRecipient()), new("b", new NoneRecipient())], "plain"u8);
        var result = await PythonOpen(plain, null, signer.VerificationKey, "b");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("plain"u8.ToArray(), result.Output);
    }

    [Fact]
    public async Task PythonOpensAHeaderWithAMebibyteOfAssociatedData()
    {
        await RequirePython();
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var me = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client", signer);
        var envelope = sealer.Seal("run", 1, new EnvelopeRecipient("me", me.Recipient), "x"u8, new byte[1 << 20]);
        var result = await PythonOpen(envelope, me, signer.VerificationKey, "me");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("x"u8.ToArray(), result.Output);
    }

    [Fact]
    public async Task PythonRefusesAHighSSignatureAtStep2()
    {
        await RequirePython();
        var signer = TestKeys.Signer(SignatureAlgorithm.EcdsaP256Sha256);
        var me = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client", signer);
        var envelope = sealer.Seal("run", 1, new EnvelopeRecipient("me", me.Recipient), "x"u8);
        var s = envelope.AsSpan(envelope.Length - 32);
        var n = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);
        var high = (n - new BigInteger(s, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        s.Clear();
        high.CopyTo(s[(32 - high.Length)..]);

        var result = await PythonOpen(envelope, me, signer.VerificationKey, "me");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("step 2", result.Error);
        Assert.Contains("not low", result.Error);
    }

    [Fact]
    public async Task PythonRefusesAnotherRecipientsStanzaOfTheWrongSizeAtStep1()
    {
        await RequirePython();
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var (alice, bob) = (TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 0), TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm, 1));
        using var sealer = new EnvelopeSealer("coordinator", signer);
        var envelope = sealer.Seal("r", 1, [new("a", alice.Recipient), new("b", bob.Recipient)], "model"u8);
        // Header: 40 fixed, lp8("r"), lp8("coordinator"), u32 0, u16 2, lp8("a") u32 80, lp8("b") u32 80.
        int bobsLength = 40 + 2 + 12 + 4 + 2 + 2 + 4 + 2;
        Assert.Equal(80u, BinaryPrimitives.ReadUInt32BigEndian(envelope.AsSpan(bobsLength)));
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(bobsLength), 81);

        var result = await PythonOpen(envelope, alice, signer.VerificationKey, "a");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("step 1: stanza of recipient 2 is 81 bytes", result.Error);
        Assert.Throws<MalformedEnvelopeException>(() => new EnvelopeOpener("a", alice).Open(envelope, new ExpectedEnvelope("r", 1, "coordinator", signer.VerificationKey)));
    }

    [Fact]
    public async Task PythonReportsABadSignatureBeforeAWrongRunOrAnUnlistedRecipient()
    {
        await RequirePython();
        var me = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client", TestKeys.Signer(SignatureAlgorithm.Ed25519));
        var envelope = sealer.Seal("run", 1, new EnvelopeRecipient("me", me.Recipient), "x"u8);
        var result = await PythonOpen(envelope, me, TestKeys.Signer(SignatureAlgorithm.Ed25519, 1).VerificationKey, "nobody", "--run", "other");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("step 2: bad signature", result.Error);
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
