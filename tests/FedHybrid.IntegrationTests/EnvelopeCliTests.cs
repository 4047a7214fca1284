using System.Diagnostics;
using System.Text.RegularExpressions;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.IntegrationTests;

/// <summary>`fedhybrid keys generate | seal | open` as processes, against what docs/envelope.md says
/// they do: key files, pipes, multi-recipient `none`, a full mebibyte of associated data, and errors
/// that name no unauthenticated sender.</summary>
public sealed class EnvelopeCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("fedhybrid-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string P(string name) => Path.Combine(_dir, name);

    Task<(int ExitCode, string Output)> Cli(params string[] arguments) =>
        FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, _dir));

    static string Spec => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "envelope.md"));

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FedHybrid.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FedHybrid.sln not found above the test output");
    }

    async Task Ok(params string[] arguments)
    {
        var (code, output) = await Cli(arguments);
        Assert.True(code == 0, $"fedhybrid {string.Join(' ', arguments)} exited {code}: {output}");
    }

    [Fact]
    public async Task KeysGenerateForNoneWritesTheFilesTheSpecLists()
    {
        // docs/envelope.md section 5 lists, for suite none, the files `keys generate` writes.
        var line = Spec.Split('\n').Single(l => l.Contains("`--suite none`"));
        var listed = Regex.Matches(line, @"`([a-z.]+\.pem)`").Select(m => m.Groups[1].Value).Order().ToArray();
        Assert.NotEmpty(listed);
        await Ok("keys", "generate", "--suite", "none", "--out", P("none"));
        Assert.Equal(listed, Directory.GetFiles(P("none")).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public async Task KeysGeneratedForAParticipantLoadAsThatParticipantsKeysWithTheirSignatureAlgorithm()
    {
        await Ok("keys", "generate", "--sig", "ml-dsa-65", "--id", "client-01", "--out", P("participant"));
        using var keys = Federation.Security.ParticipantKeys.Load(P("participant"), "client-01", Crypto.Suites.SuiteId.HpkeX25519Aes256Gcm);
        Assert.Equal("client-01", keys.Id);
        var identity = Federation.Security.ParticipantKeys.LoadPublic(P("participant"), "client-01");
        Assert.Equal("ml-dsa-65", Crypto.Signatures.SignatureAlgorithms.NameOf(Crypto.Keys.KeyFiles.ImportVerificationKey(identity.SigningKey).Algorithm));
    }

    [Fact]
    public async Task KeysGenerateRefusesBeforeWritingAnythingWhenOneFileExists()
    {
        Directory.CreateDirectory(P("taken"));
        File.WriteAllText(P("taken/client-02.signing.pub.pem"), "mine");
        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["keys", "generate", "--id", "client-02", "--out", P("taken")], _dir));
        Assert.NotEqual(0, code);
        Assert.Contains("--force", output);
        Assert.Equal("client-02.signing.pub.pem", Path.GetFileName(Assert.Single(Directory.GetFiles(P("taken")))));
        Assert.Equal("mine", File.ReadAllText(P("taken/client-02.signing.pub.pem")));
    }

    [Fact]
    public async Task OpenReadsAnEnvelopeFromAPipe()
    {
        await Ok("keys", "generate", "--out", P("k"));
        var message = new byte[70_000];
        new Random(3).NextBytes(message);
        File.WriteAllBytes(P("plain"), message);
        await Ok("seal", "--to", P("k/encryption.pub.pem"), "--from", P("k/signing.key.pem"), "--in", P("plain"), "--out", P("sealed"));

        var start = FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["open", "--key", P("k/encryption.key.pem"), "--sender", P("k/signing.pub.pem"), "--in", "/dev/stdin", "--out", P("opened")], _dir);
        start.RedirectStandardInput = true;
        var ct = TestContext.Current.CancellationToken;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardInput.BaseStream.WriteAsync(File.ReadAllBytes(P("sealed")), ct);
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.Equal(message, File.ReadAllBytes(P("opened")));
    }

    [Fact]
    public async Task SealsAMultiRecipientNoneEnvelopeThatEachRecipientOpens()
    {
        await Ok("keys", "generate", "--suite", "none", "--out", P("k"));
        File.WriteAllText(P("plain"), "overhead only");
        await Ok("seal", "--insecure-none", "--to", "alice", "--to", "bob", "--from", P("k/signing.key.pem"), "--in", P("plain"), "--out", P("sealed"));
        foreach (var me in new[] { "alice", "bob" })
        {
            await Ok("open", "--insecure-none", "--recipient-id", me, "--sender", P("k/signing.pub.pem"), "--in", P("sealed"), "--out", P(me));
            Assert.Equal("overhead only", File.ReadAllText(P(me)));
        }
    }

    [Fact]
    public async Task OpensAnEnvelopeWithTheLargestAssociatedDataTheSpecAllows()
    {
        using var identity = Suite.GenerateIdentity(SuiteId.HpkeX25519Aes256Gcm);
        using var signer = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        File.WriteAllText(P("me.key.pem"), KeyFiles.ExportPrivateKeyPem(identity));
        File.WriteAllText(P("sender.pub.pem"), KeyFiles.ExportPublicKeyPem(signer.VerificationKey));
        using var sealer = new EnvelopeSealer("sender", signer);
        // 2^20 bytes of associated data (docs/envelope.md 1.1) put the header past 2^20 bytes.
        File.WriteAllBytes(P("sealed"), sealer.Seal("run", 1, new EnvelopeRecipient("me", identity.Recipient), "model"u8, new byte[1 << 20]));
        await Ok("open", "--key", P("me.key.pem"), "--sender", P("sender.pub.pem"), "--in", P("sealed"), "--out", P("opened"));
        Assert.Equal("model", File.ReadAllText(P("opened")));
    }

    [Fact]
    public async Task ARefusedSignatureDoesNotNameTheSenderTheEnvelopeClaims()
    {
        await Ok("keys", "generate", "--out", P("real"));
        await Ok("keys", "generate", "--out", P("other"));
        File.WriteAllText(P("plain"), "update");
        await Ok("seal", "--to", P("real/encryption.pub.pem"), "--from", P("real/signing.key.pem"), "--sender-id", "mallory", "--in", P("plain"), "--out", P("sealed"));
        var (code, output) = await Cli("open", "--key", P("real/encryption.key.pem"), "--sender", P("other/signing.pub.pem"), "--in", P("sealed"), "--out", P("opened"));
        Assert.Equal(2, code);
        Assert.Contains("AuthenticationFailedException", output);
        Assert.DoesNotContain("mallory", output);
        Assert.False(File.Exists(P("opened")));
    }
}
