using System.CommandLine;
using System.Net;
using FedHybrid.Deployment;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>The `--live-page [ADDR:PORT]` option of `simulate` and `coordinator`: a read-only page of the
/// running experiment, on loopback unless another address is written out.</summary>
internal static class LivePageOption
{
    public const string DefaultAddress = "127.0.0.1:50052";

    public static Option<string?> Create() => new("--live-page")
    {
        Description = $"Serve a read-only live page of the run (the round, clients joined, updates accepted and rejected with their reasons, "
            + $"the accuracy curve); without a value on {DefaultAddress}. Another address (0.0.0.0:PORT) makes it reachable from other machines, unauthenticated",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "ADDR:PORT",
    };

    /// <summary>Where to serve the page: null when the option is absent.</summary>
    /// <exception cref="ConfigException">The value is not an address and port.</exception>
    public static IPEndPoint? Parse(ParseResult result, Option<string?> option)
    {
        if (result.GetResult(option) is null)
            return null;
        var value = result.GetValue(option) ?? DefaultAddress;
        return ListenAddress.TryParse(value, out var endpoint, out var problem) ? endpoint : throw new ConfigException(option.Name, $"'{value}': {problem}");
    }
}
