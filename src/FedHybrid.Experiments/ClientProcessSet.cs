using System.Diagnostics;

namespace FedHybrid.Experiments;

/// <summary>The client processes a simulation started. Each one's output goes to its log file.
/// <see cref="Dispose"/> kills every one still running, so nothing outlives the simulation.</summary>
public sealed class ClientProcessSet : IDisposable
{
    readonly List<(string Id, Process Process, StreamWriter Log)> _children = [];
    readonly Lock _lock = new();

    public ClientProcessSet() => AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

    public IReadOnlyList<(string Id, Process Process)> Children
    {
        get
        {
            lock (_lock)
                return _children.Select(c => (c.Id, c.Process)).ToArray();
        }
    }

    public Process Start(string id, ClientLaunch launch, IEnumerable<string> arguments, string logFile, IReadOnlyDictionary<string, string> environment)
    {
        var info = StartInfo(launch, arguments, environment);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        lock (_lock)
        {
            process.Start();
            _children.Add((id, process, log));
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>What <see cref="Start"/> runs: this process's environment with <paramref name="environment"/> laid over it.</summary>
    public static ProcessStartInfo StartInfo(ClientLaunch launch, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var info = new ProcessStartInfo(launch.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in launch.PrefixArguments.Concat(arguments))
            info.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            info.Environment[k] = v;
        return info;
    }

    static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every child to exit on its own.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Task.WhenAll(Children.Select(c => c.Process.WaitForExitAsync(cts.Token))).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void KillAll()
    {
        lock (_lock)
        {
            foreach (var (_, process, _) in _children)
            {
                try
                {
                    if (!process.HasExited)
                        process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // exited between the check and the kill
                }
            }
        }
    }

    void OnProcessExit(object? sender, EventArgs e) => KillAll();

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        KillAll();
        lock (_lock)
        {
            foreach (var (_, process, log) in _children)
            {
                process.WaitForExit(5000);
                process.Dispose();
                lock (log)
                    log.Dispose();
            }
            _children.Clear();
        }
    }
}
