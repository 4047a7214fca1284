using System.Runtime.InteropServices;

namespace FedHybrid.Cli.Commands;

/// <summary>
/// SIGINT and SIGTERM cancel the running command (so it can stop its children and say how to
/// resume) instead of killing the process; a second signal is left to the runtime and ends the
/// process at once. Registered in Main, before any ASP.NET host whose console lifetime would
/// otherwise swallow both signals.
/// </summary>
public sealed class TerminationSignals : IDisposable
{
    readonly CancellationTokenSource _cancellation = new();
    readonly PosixSignalRegistration[] _registrations;
    int _received; // 0, or the first signal's exit status (128 + its number)

    public TerminationSignals() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM (the shells' 128 + signal number), null before either.</summary>
    public int? ExitCode => Volatile.Read(ref _received) is var code and not 0 ? code : null;

    /// <summary>The exit status of a command that returned <paramref name="commandExitCode"/>: a command
    /// that a signal stopped (any status but success) exits with the signal's status.</summary>
    public int ExitStatus(int commandExitCode) => commandExitCode != 0 && ExitCode is { } signal ? signal : commandExitCode;

    void OnSignal(PosixSignalContext context)
    {
        int code = context.Signal == PosixSignal.SIGINT ? 130 : 143;
        if (Interlocked.CompareExchange(ref _received, code, 0) != 0)
            return; // the second signal: not cancelled, so the runtime terminates the process
        context.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cancellation.Dispose();
    }
}
