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
