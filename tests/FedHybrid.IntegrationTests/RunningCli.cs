using System.Diagnostics;
using System.Text;

namespace FedHybrid.IntegrationTests;

/// <summary>A `fedhybrid` process the test talks to while it runs: its output so far, waits for a
/// line or a condition (event-driven, with a hang guard), and POSIX signals. Killed with its
/// process tree on dispose if still running.</summary>
sealed class RunningCli : IDisposable
{
    static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);
    readonly StringBuilder _output = new();
    readonly List<string> _lines = [];
    readonly SemaphoreSlim _changed = new(0);

    RunningCli(Process process) => Process = process;

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static RunningCli Start(ProcessStartInfo info)
    {
        var running = new RunningCli(new Process { StartInfo = info, EnableRaisingEvents = true });
        running.Process.OutputDataReceived += (_, e) => running.Append(e.Data);
        running.Process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        running.Process.Exited += (_, _) => running._changed.Release();
        running.Process.Start();
        running.Process.BeginOutputReadLine();
        running.Process.BeginErrorReadLine();
        return running;
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.AppendLine(line);
            _lines.Add(line);
        }
        _changed.Release();
    }

    /// <summary>The first output line that satisfies <paramref name="match"/>, once printed; null if
    /// the process exited without printing one.</summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> match)
    {
        string? found = null;
        await WaitUntilAsync(() =>
        {
            lock (_output)
                found = _lines.FirstOrDefault(match);
            return found is not null;
        }, "a matching output line");
        return found;
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the process exits, re-checking on
    /// every output line and every <paramref name="poll"/> (for conditions on files).</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? poll = null)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        while (!condition() && !Process.HasExited)
        {
            try
            {
                await _changed.WaitAsync(poll ?? TimeSpan.FromMilliseconds(50), guard.Token);
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"hang guard: no {what} after {HangGuard}; output:\n{Output}");
            }
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        try
        {
            await Process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            throw new TimeoutException($"hang guard: the process did not exit within {HangGuard}; output:\n{Output}");
        }
        Process.WaitForExit(); // flush the output handlers
        return Process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        Process.Dispose();
        _changed.Dispose();
    }
}
