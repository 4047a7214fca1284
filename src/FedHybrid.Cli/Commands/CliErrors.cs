using FedHybrid.Crypto;

namespace FedHybrid.Cli.Commands;

/// <summary>Shared plumbing of the file commands: typed errors become one line on stderr and an exit code.</summary>
internal static class CliErrors
{
    /// <summary>Exit code 0 on success, 2 for a crypto rejection (tampered, wrong key...), 1 for bad usage or I/O.</summary>
    public static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (CryptoException e)
        {
            Console.Error.WriteLine($"error ({e.GetType().Name}): {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    public static string? Passphrase(string? environmentVariable)
    {
        if (environmentVariable is null) return null;
        var value = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrEmpty(value) ? throw new ArgumentException($"Environment variable {environmentVariable} is unset or empty.") : value;
    }
}
