using System.Globalization;
using System.Runtime.InteropServices;

namespace FedHybrid.IntegrationTests;

/// <summary>Signals and child processes on Linux, which .NET's Process does not offer.</summary>
static class PosixProcesses
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    /// <summary>Whether this process ignores <paramref name="signal"/> (its SigIgn mask in /proc): a process
    /// started in the background by a non-interactive shell ignores SIGINT, and so does every child it
    /// starts, which then rightly never sees one.</summary>
    public static bool Ignores(int signal)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    /// <summary>Skips a test whose children must receive <paramref name="signal"/> when they would inherit ignoring it.</summary>
    public static void SkipIfIgnored(int signal)
    {
        if (Ignores(signal))
            Assert.Skip($"signal {signal} is ignored by this test process (started in the background by a non-interactive shell), " +
                "so its children inherit ignoring it and cannot be stopped by it; run the tests in the foreground to exercise it");
    }

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The processes whose parent is <paramref name="pid"/>, with their command lines.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> ChildrenOf(int pid)
    {
        var children = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                continue;
            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                    children.Add((child, CommandLine(child)));
            }
            catch (IOException)
            {
                // exited while we looked
            }
        }
        return children;
    }

    /// <summary>Whether <paramref name="pid"/> still runs <paramref name="commandLine"/> (a zombie or a
    /// reused pid does not count).</summary>
    public static bool IsRunning(int pid, string commandLine)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z' && CommandLine(pid) == commandLine;
        }
        catch (IOException)
        {
            return false;
        }
    }

    static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
}
