using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FedHybrid.IntegrationTests;

/// <summary>
/// A federated run driven as a lab would run it, under faults: one `fedhybrid coordinator` process and
/// one `fedhybrid client` process per client, the clients talking to it through a <see cref="ChaosProxy"/>.
/// A supervisor restarts every client process that dies before the run ends and resumes the coordinator
/// (`--resume`) after every kill, as a lab's process manager would. The seed picks every fault: which
/// process dies, at which point of which round, how long after, and the proxy's delays and closes.
/// Round deadlines are long, so every client eventually submits in every round: participation equals an
/// uninterrupted run's.
/// </summary>
sealed partial class ChaosRun
{
    /// <summary>A generous guard against a hang: a faulted run of a few rounds takes minutes, not this.</summary>
    static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(25);
    const int MaxRestartsPerClient = 40;

    readonly string _scratch;
    readonly string _config;
    readonly IReadOnlyList<string> _clients;
    readonly Action<string> _log;
    readonly Lock _lock = new();
    readonly Dictionary<string, RunningCli?> _running = [];
    readonly StringBuilder _history = new();
    RunningCli? _coordinator;

    public ChaosRun(int seed, string name, int clients, int rounds, Action<string> log)
    {
        Seed = seed;
        Name = name;
        Rounds = rounds;
        _log = log;
        _clients = Enumerable.Range(1, clients).Select(i => $"client-{i:00}").ToArray();
        var overrides = new Dictionary<string, object> { ["run.clients"] = clients, ["run.rounds"] = rounds, ["run.round_deadline_seconds"] = 3600, ["run.join_timeout_seconds"] = 3600 };
        (_scratch, _config) = FedHybridCli.Scratch(FedHybridCli.Config(name, overrides));
        (Faults, ProxyDrops, ProxyDelays) = Schedule(seed, clients, rounds, _clients);
    }

    public int Seed { get; }
    public string Name { get; }
    public int Rounds { get; }
    public string Runs => Path.Combine(_scratch, "runs");
    public string RunDirectory => Path.Combine(Runs, Name);
    public IReadOnlyList<ChaosFault> Faults { get; }
    public int ProxyDrops { get; }
    public int ProxyDelays { get; }

    /// <summary>Faults that hit a running process (a kill scheduled after the run ended is not counted).</summary>
    public List<ChaosFault> Injected { get; } = [];
    public int ClientRestarts { get; private set; }
    /// <summary>Client processes that died by themselves with status 1 (an exception they did not handle), not killed by the schedule.</summary>
    public int ClientCrashes { get; private set; }
    public int CoordinatorResumes { get; private set; }
    public int Drops { get; private set; }
    public int Delays { get; private set; }

    /// <summary>Everything the processes printed, for a failure's message.</summary>
    public string History
    {
        get
        {
            lock (_lock)
                return _history.ToString();
        }
    }

    /// <summary>The seeded schedule: 2-3 client kills anywhere, 1-2 coordinator kills (the first in a
    /// round before the last, so one always lands), and a budget of proxy closes and delays.</summary>
    static (IReadOnlyList<ChaosFault>, int Drops, int Delays) Schedule(int seed, int clients, int rounds, IReadOnlyList<string> ids)
    {
        var random = new Random(seed);
        var faults = new List<ChaosFault>();
        int Updates() => random.Next(clients + 1) is var u && u == clients ? ChaosFault.RoundComplete : u;
        for (int i = 0, n = 2 + random.Next(2); i < n; i++)
            faults.Add(new ChaosFault(1 + random.Next(rounds), Updates(), random.Next(300), ids[random.Next(clients)]));
        for (int i = 0, n = 1 + random.Next(2); i < n; i++)
            faults.Add(new ChaosFault(1 + random.Next(i == 0 ? rounds - 1 : rounds), Updates(), random.Next(300), null));
        return (faults.OrderBy(f => f.Position).ThenBy(f => f.DelayMs).ToArray(), 2 + random.Next(3), 4 + random.Next(5));
    }

    public string Describe() =>
        $"chaos seed {Seed}: {_clients.Count} clients, {Rounds} rounds; proxy budget {ProxyDrops} closes, {ProxyDelays} delays; schedule:\n  "
        + string.Join("\n  ", Faults);

    /// <summary>Runs to the end under the schedule. Returns the coordinator's last exit status.</summary>
    public async Task<int> RunAsync()
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        using var finished = new CancellationTokenSource();
        await using var proxy = new ChaosProxy(Seed, ProxyDrops, ProxyDelays, 2L << 20, Note);
        var supervisors = new List<Task>();
        try
        {
            await StartCoordinatorAsync(proxy, resume: false);
            var address = $"http://127.0.0.1:{proxy.Port}/";
            foreach (var id in _clients)
                supervisors.Add(SuperviseAsync(id, address, finished.Token));

            foreach (var fault in Faults)
            {
                var coordinator = _coordinator!;
                await coordinator.WaitUntilAsync(() => Progress(coordinator.Output) >= fault.Position, $"round {fault.Round} progress");
                if (coordinator.Process.HasExited)
                    break; // the run ended before this fault's point
                await Task.Delay(fault.DelayMs, guard.Token);
                if (fault.Client is null)
                {
                    if (coordinator.Process.HasExited)
                        break;
                    var pid = coordinator.Process.Id;
                    proxy.UpstreamPort = 0;
                    coordinator.Process.Kill();
                    await coordinator.Process.WaitForExitAsync(guard.Token);
                    Record(fault, $"killed the coordinator (pid {pid}) at {Position(coordinator.Output)}");
                    coordinator.Dispose();
                    await StartCoordinatorAsync(proxy, resume: true);
                    CoordinatorResumes++;
                }
                else if (Current(fault.Client) is { } client && !client.Process.HasExited)
                {
                    var pid = client.Process.Id;
                    client.Process.Kill();
                    Record(fault, $"killed {fault.Client} (pid {pid}) at {Position(coordinator.Output)}");
                }
                else
                {
                    Note($"skipped ({fault.Client} was not running): {fault}");
                }
            }

            var last = _coordinator!;
            await last.Process.WaitForExitAsync(guard.Token);
            last.Process.WaitForExit();
            return last.Process.ExitCode;
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"hang guard: the chaos run did not end within {HangGuard}\n{History}");
        }
        finally
        {
            await finished.CancelAsync();
            lock (_lock)
            {
                foreach (var client in _running.Values)
                    Stop(client);
                Stop(_coordinator);
            }
            await Task.WhenAll(supervisors.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
            lock (_lock)
                foreach (var client in _running.Values)
                    client?.Dispose();
            Drops = proxy.Drops;
            Delays = proxy.Delays;
            if (_coordinator is { } c)
                Append("coordinator", c.Output);
            _coordinator?.Dispose();
        }
    }

    public void DeleteScratch()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    async Task StartCoordinatorAsync(ChaosProxy proxy, bool resume)
    {
        string[] arguments = resume
            ? ["coordinator", "--resume", "--name", Name, "--runs", Runs, "--listen", "127.0.0.1:0"]
            : ["coordinator", "--config", _config, "--runs", Runs, "--listen", "127.0.0.1:0"];
        if (_coordinator is { } previous)
            Append("coordinator", previous.Output);
        var coordinator = RunningCli.Start(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, _scratch));
        lock (_lock)
            _coordinator = coordinator;
        var listening = await coordinator.WaitForLineAsync(l => l.StartsWith("coordinator listening on ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the coordinator exited without listening:\n{coordinator.Output}");
        proxy.UpstreamPort = new Uri(listening.Split(' ')[3]).Port;
        Note($"coordinator {(resume ? "resumed" : "started")} (pid {coordinator.Process.Id}) on port {proxy.UpstreamPort}");
    }

    /// <summary>Keeps one process of <paramref name="id"/> running until it exits 0 (the run finished)
    /// or the run ends; a client that dies or gives up is started again.</summary>
    async Task SuperviseAsync(string id, string coordinator, CancellationToken finished)
    {
        var data = Path.Combine(FedHybridCli.Directory, "data", "fashion-mnist-subset");
        var keys = Path.Combine(RunDirectory, "keys");
        var partition = Path.Combine(RunDirectory, "partitions", id + ".txt");
        for (int start = 0; !finished.IsCancellationRequested; start++)
        {
            if (start > MaxRestartsPerClient)
                throw new InvalidOperationException($"{id} was restarted {MaxRestartsPerClient} times");
            var info = FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["client", "--coordinator", coordinator, "--id", id, "--keys", keys, "--suite", "hpke-x25519-aes256gcm", "--rekey", "Message",
                 "--data", data, "--partition", partition], _scratch);
            RunningCli client;
            lock (_lock)
            {
                if (finished.IsCancellationRequested)
                    return;
                _running.GetValueOrDefault(id)?.Dispose();
                _running[id] = client = RunningCli.Start(info);
            }
            try
            {
                await client.Process.WaitForExitAsync(finished);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            client.Process.WaitForExit();
            Append(id, client.Output);
            if (client.Process.ExitCode == 0)
                return;
            lock (_lock)
                ClientRestarts++;
            // Its last line, or the exception it died of.
            var lines = client.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var last = lines.FirstOrDefault(l => l.StartsWith("Unhandled exception", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "";
            if (client.Process.ExitCode == 1)
            {
                lock (_lock)
                    ClientCrashes++;
                // Where in the project's code it was thrown from.
                last += lines.FirstOrDefault(l => l.StartsWith("at FedHybrid.", StringComparison.Ordinal)) is { } frame ? " " + frame : "";
            }
            Note($"{id} exited with {client.Process.ExitCode} ({last}); restarting it");
        }
    }

    RunningCli? Current(string id)
    {
        lock (_lock)
            return _running.GetValueOrDefault(id);
    }

    static void Stop(RunningCli? process)
    {
        try
        {
            if (process is not null && !process.Process.HasExited)
                process.Process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    void Record(ChaosFault fault, string what)
    {
        lock (_lock)
            Injected.Add(fault);
        Note(what);
    }

    void Note(string line)
    {
        var stamped = $"[chaos {Seed}] {line}";
        lock (_lock)
            _history.AppendLine(stamped);
        _log(stamped);
    }

    void Append(string who, string output)
    {
        lock (_lock)
            _history.AppendLine($"--- {who} ---").Append(output);
    }

    /// <summary>How far the coordinator's output says the run is: round * 1000 + updates received,
    /// or + <see cref="ChaosFault.RoundComplete"/> (capped) once the round's checkpoint is written.</summary>
    static long Progress(string output)
    {
        long best = 0;
        foreach (Match m in ProgressLine().Matches(output))
        {
            long round = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            long at = m.Groups[2].Value is "round complete" or "finished" ? 999 : long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            best = Math.Max(best, round * 1000 + at);
        }
        return best;
    }

    static string Position(string output) => Progress(output) is var p && p % 1000 == 999 ? $"round {p / 1000} complete" : $"round {p / 1000}, {p % 1000} updates in";

    [GeneratedRegex(@"^round (\d+)/\d+ (fit|round complete|finished): joined \d+, updates (\d+)/", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();
}
