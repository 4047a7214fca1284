namespace FedHybrid.Federation.Client.Stages;

/// <summary>A client's saved state (SCAFFOLD's control variate) does not open: tampered, truncated, or
/// another client's or run's. The message names the file and how to recover; the client skips the stages
/// that need the state and stays in the run.</summary>
public sealed class ClientStateException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}. The stages that need this state are skipped until the file is restored; " +
        "removing it restarts this client's state from zero (for SCAFFOLD, the server's control variate then " +
        "no longer equals the mean of the clients')", inner)
{
    public string Path { get; } = path;
}
