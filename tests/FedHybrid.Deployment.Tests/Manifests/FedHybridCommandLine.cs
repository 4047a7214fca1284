namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>Whether a `fedhybrid` command line is one the CLI accepts: its real command table parses it.</summary>
static class FedHybridCommandLine
{
    /// <summary>The parse errors of <paramref name="arguments"/> (subcommand first); empty when it parses.</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyList<string> arguments) =>
        FedHybrid.Cli.Program.CreateRootCommand().Parse(arguments.ToArray()).Errors.Select(e => e.Message).ToArray();

    /// <summary>The value after <paramref name="option"/>.</summary>
    public static string Value(IReadOnlyList<string> arguments, string option)
    {
        int at = arguments.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < arguments.Count, $"{option} is not given in: {string.Join(' ', arguments)}");
        return arguments[at + 1];
    }
}
