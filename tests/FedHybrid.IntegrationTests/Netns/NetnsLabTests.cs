using System.Diagnostics;
using System.Text;

namespace FedHybrid.IntegrationTests.Netns;

/// <summary>A lab across two network namespaces: the coordinator listens on 10.213.47.1 in one,
/// provisioned clients dial it from 10.213.47.2 in the other, all over mutual TLS.</summary>
public sealed class NetnsLabTests : IDisposable
{
    readonly List<Process> _processes = [];
    string _scratch = "";

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        if (_scratch.Length > 0 && Directory.Exists(_scratch))
            Directory.Delete(_scratch, recursive: true);
    }

    // The fedhybrid app host; `ip netns exec NS fedhybrid ...` runs it inside the namespace.
    static string[] Cli(params string[] arguments) => [FedHybridCli.Executable, .. arguments];

    static string[] Args(params string[] arguments) => arguments;

    (Process Process, StringBuilder Output) Start(ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return (process, output);
    }

    static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }

    [Fact]
    public async Task CoordinatorAndClientsInSeparateNamespaces_CompleteRoundsOverMutualTls_AndForeignOrImpostorClientsAreRefused()
    {
        using var namespaces = NetworkNamespacePair.TryCreate(out var reason);
        if (namespaces is null)
            Assert.Skip(reason);
        var ct = TestContext.Current.CancellationToken;

        (_scratch, var config) = FedHybridCli.Scratch(FedHybridCli.Config("netns", new Dictionary<string, object> { ["run.clients"] = 2, ["run.rounds"] = 2 }));
        var provision = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            Args("provision", "--clients", "2", "--out", "kits", "--coordinator-host", NetworkNamespacePair.AddressA), _scratch));
        Assert.True(provision.ExitCode == 0, provision.Output);
        var foreign = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, Args("provision", "--clients", "2", "--out", "foreign"), _scratch));
        Assert.True(foreign.ExitCode == 0, foreign.Output);

        // An impostor: client-02's certificate (valid, from this lab) with envelope keys nobody provisioned.
        CopyDirectory(Path.Combine(_scratch, "kits", "client-02"), Path.Combine(_scratch, "impostor"));
        var fresh = Deployment.LabKeys.NewEnvelopeKeyPair(Crypto.Suites.SuiteId.HpkeX25519Aes256Gcm);
        File.WriteAllText(Path.Combine(_scratch, "impostor", Deployment.KitFiles.EnvelopePrivateKey("client-02")), fresh.PrivateKeyPem);
        File.WriteAllText(Path.Combine(_scratch, "impostor", Deployment.KitFiles.EnvelopePublicKey("client-02")), fresh.PublicKeyPem);

        const string port = "47443";
        var url = $"https://{NetworkNamespacePair.AddressA}:{port}";
        var (coordinator, coordinatorOutput) = Start(NetworkNamespacePair.Exec(namespaces.A,
            Cli("coordinator", "--config", config, "--kit", "kits/coordinator", "--listen", $"{NetworkNamespacePair.AddressA}:{port}", "--runs", "runs"), _scratch));

        // The coordinator writes the clients' shards before it listens; wait for them (or its early exit).
        var partitions = Path.Combine(_scratch, "runs", "netns", "partitions");
        while (!File.Exists(Path.Combine(partitions, "client-02.txt")) && !coordinator.HasExited)
            await Task.Delay(100, ct);
        Assert.False(coordinator.HasExited, Text(coordinatorOutput));

        var data = Path.Combine(FedHybridCli.Directory, "data", "fashion-mnist-subset");
        var clients = new[] { "client-01", "client-02" }.Select(id => Start(NetworkNamespacePair.Exec(namespaces.B,
            Cli("client", "--kit", $"kits/{id}", "--coordinator", url, "--data", data, "--partition", Path.Combine(partitions, id + ".txt")), _scratch))).ToArray();
        var (intruder, intruderOutput) = Start(NetworkNamespacePair.Exec(namespaces.B,
            Cli("client", "--kit", "foreign/client-01", "--coordinator", url, "--data", data, "--give-up-seconds", "5"), _scratch));

        var (impostor, impostorOutput) = Start(NetworkNamespacePair.Exec(namespaces.B,
            Cli("client", "--kit", "impostor", "--coordinator", url, "--data", data, "--give-up-seconds", "5"), _scratch));

        await coordinator.WaitForExitAsync(ct);
        await impostor.WaitForExitAsync(ct);
        foreach (var (client, _) in clients)
            await client.WaitForExitAsync(ct);
        await intruder.WaitForExitAsync(ct);

        var log = Text(coordinatorOutput);
        Assert.True(coordinator.ExitCode == 0, log);
        foreach (var (client, output) in clients)
            Assert.True(client.ExitCode == 0, Text(output));
        var runDirectory = Path.Combine(_scratch, "runs", "netns");
        Assert.Equal(2, FedHybridCli.Summary(runDirectory).GetProperty("rounds_aggregated").GetInt32());
        var accepted = FedHybridCli.ClientRows(runDirectory).Where(r => r.Status == "accepted").Select(r => (r.Round, r.Client)).Order().ToArray();
        Assert.Equal([(1, "client-01"), (1, "client-02"), (2, "client-01"), (2, "client-02")], accepted);

        // The foreign lab's client never got past TLS: the server refused its certificate, it refused the server's.
        Assert.NotEqual(0, intruder.ExitCode);
        Assert.Contains("refused a TLS client", log);
        Assert.DoesNotContain("joined run", Text(intruderOutput));
        // The impostor passed TLS but was refused at join: its envelope key is not client-02's.
        Assert.NotEqual(0, impostor.ExitCode);
        Assert.Contains("refused at join", Text(impostorOutput));
    }
}
