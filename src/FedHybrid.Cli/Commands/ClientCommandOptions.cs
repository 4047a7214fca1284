using System.CommandLine;
using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Cli.Commands;

/// <summary>The options `client` and `client-host` share, defined once so that both read them the same way.</summary>
static class ClientCommandOptions
{
    public static Option<string> Coordinator() => new("--coordinator") { Description = "Coordinator URL, e.g. http://127.0.0.1:5000", Required = true };

    public static Option<string> Suite() => new("--suite") { Description = "Crypto suite", DefaultValueFactory = _ => "hpke-x25519-aes256gcm" };

    public static Option<RekeyPolicy> Rekey() => new("--rekey") { Description = "How often the asymmetric step runs: Message, Round or Run", DefaultValueFactory = _ => RekeyPolicy.Message };

    public static Option<DirectoryInfo?> Data() => new("--data") { Description = "Fashion-MNIST directory (default: FEDHYBRID_DATA, Debian package, bundled subset)" };

    public static Option<int?> ParentPid() => new("--parent-pid") { Description = "Exit when this process exits", Hidden = true };

    public static Option<double> GiveUpSeconds() => new("--give-up-seconds") { Description = "Give up after this long without reaching the coordinator", DefaultValueFactory = _ => 120 };

    /// <summary>The coordinator URL if it is an http(s) URL, else null.</summary>
    public static Uri? CoordinatorUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
