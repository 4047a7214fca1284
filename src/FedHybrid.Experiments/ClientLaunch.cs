namespace FedHybrid.Experiments;

/// <summary>How to start a `fedhybrid` process: the executable (the apphost, or `dotnet`) and the
/// arguments before the subcommand (the path of fedhybrid.dll when using `dotnet`).</summary>
public sealed record ClientLaunch(string FileName, IReadOnlyList<string> PrefixArguments);
