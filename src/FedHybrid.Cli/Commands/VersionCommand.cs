using System.CommandLine;
using System.Reflection;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid version`: the build's version and runtime.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of fedhybrid and of the .NET runtime.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"fedhybrid {version} on .NET {Environment.Version}");
            return 0;
        });
        return command;
    }
}
