using System.Diagnostics;

namespace FedHybrid.IntegrationTests.Netns;

/// <summary>Two network namespaces joined by a veth pair, 10.213.47.1/30 and 10.213.47.2/30 (the
/// addresses exist only inside these namespaces). Removed on dispose.</summary>
sealed class NetworkNamespacePair : IDisposable
{
    public const string AddressA = "10.213.47.1";
    public const string AddressB = "10.213.47.2";

    NetworkNamespacePair(string a, string b)
    {
        A = a;
        B = b;
    }

    public string A { get; }
    public string B { get; }

    /// <summary>The pair, or null and why namespaces cannot be made here (not Linux, no `ip`, not root).</summary>
    public static NetworkNamespacePair? TryCreate(out string reason)
    {
        reason = "";
        if (!OperatingSystem.IsLinux())
        {
            reason = "network namespaces need Linux";
            return null;
        }
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
        {
            reason = "the `ip` command (iproute2) is not installed";
            return null;
        }
        // Unique names: several test runs may share the machine; interface names are limited to 15 characters.
        var tag = (Environment.ProcessId % 100000).ToString(System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999);
        var pair = new NetworkNamespacePair("fhlab-a-" + tag, "fhlab-b-" + tag);
        var (code, output) = Ip("netns", "add", pair.A);
        if (code != 0)
        {
            reason = $"cannot create a network namespace (needs root or CAP_SYS_ADMIN): {output.Trim()}";
            return null;
        }
        try
        {
            string vethA = "fha" + tag, vethB = "fhb" + tag;
            Run(["netns", "add", pair.B]);
            Run(["link", "add", vethA, "type", "veth", "peer", "name", vethB]);
            Run(["link", "set", vethA, "netns", pair.A]);
            Run(["link", "set", vethB, "netns", pair.B]);
            Run(["-n", pair.A, "addr", "add", AddressA + "/30", "dev", vethA]);
            Run(["-n", pair.B, "addr", "add", AddressB + "/30", "dev", vethB]);
            foreach (var (ns, dev) in new[] { (pair.A, vethA), (pair.B, vethB), (pair.A, "lo"), (pair.B, "lo") })
                Run(["-n", ns, "link", "set", dev, "up"]);
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Start info that runs <paramref name="arguments"/> inside <paramref name="ns"/>.</summary>
    public static ProcessStartInfo Exec(string ns, IEnumerable<string> arguments, string workingDirectory) =>
        FedHybridCli.StartInfo("ip", ["netns", "exec", ns, .. arguments], workingDirectory);

    static void Run(string[] arguments)
    {
        var (code, output) = Ip(arguments);
        if (code != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {output}");
    }

    static (int Code, string Output) Ip(params string[] arguments)
    {
        var info = FedHybridCli.StartInfo("ip", arguments, Path.GetTempPath());
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    public void Dispose()
    {
        // Deleting a namespace deletes the veth end inside it, and with it the peer.
        Ip("netns", "del", A);
        Ip("netns", "del", B);
    }
}
