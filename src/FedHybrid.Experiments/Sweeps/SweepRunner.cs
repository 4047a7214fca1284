using System.Text.Json;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>
/// Runs a sweep's grid into one folder, a run folder per point (SWEEP/&lt;point name&gt;/), one run at a
/// time, and keeps SWEEP/summary.csv current after every run. It is resumable: a point whose folder holds
/// it finished (summary.json) is skipped, one that holds it interrupted continues from its checkpoint,
/// and a folder holding anything else (another config, a folder that is no run) stops the sweep before
/// it changes anything there. SWEEP/sweep.json records the axes; a rerun with other axes is refused.
/// </summary>
public sealed class SweepRunner
{
    public const string SweepFile = "sweep.json";
    readonly SweepGrid _grid;
    readonly SweepOptions _options;

    public SweepRunner(SweepGrid grid, string directory, SweepOptions options)
    {
        _grid = grid;
        _options = options;
        Directory = directory;
    }

    public string Directory { get; }

    public string SummaryPath => Path.Combine(Directory, SweepSummaryTable.FileName);

    /// <summary>Each run's folder.</summary>
    public RunLayout Layout(SweepPoint point) => new(Path.Combine(Directory, point.Name));

    /// <summary>Runs every point not finished yet; returns every point's result in grid order.</summary>
    /// <exception cref="SweepConflictException">A folder holds something else; nothing was run.</exception>
    /// <exception cref="SimulationCancelledException">Cancelled; the interrupted run continues on the next call.</exception>
    public async Task<IReadOnlyList<(SweepPoint Point, SweepRunResult Result)>> RunAsync(CancellationToken cancellationToken)
    {
        // Every folder is checked before the first run, so a conflict at the last point stops the sweep at once.
        WriteSweepFile();
        var states = _grid.Points.Select(p => (Point: p, Resume: State(p))).ToArray();
        var done = new List<(SweepPoint, SweepRunResult)>();
        for (int i = 0; i < states.Length; i++)
        {
            var (point, state) = states[i];
            int index = i + 1, count = states.Length;
            var layout = Layout(point);
            if (state == RunState.Finished)
            {
                var finished = SweepRunResults.Read(layout, _options.TargetAccuracy);
                done.Add((point, finished));
                _options.Events(new SweepEvent(SweepEventKind.Skipped, index, count, point, Result: finished));
                continue;
            }
            _options.Events(new SweepEvent(state == RunState.Interrupted ? SweepEventKind.Resumed : SweepEventKind.Started, index, count, point));
            var simulation = new SimulationOptions
            {
                RunsDirectory = Directory,
                DataDirectory = _options.DataDirectory,
                Resume = state == RunState.Interrupted,
                ClientLaunch = _options.ClientLaunch,
                Log = line => _options.Log($"[{point.Name}] {line}"),
                Progress = new Relay(progress => _options.Events(new SweepEvent(SweepEventKind.Round, index, count, point, Round: progress))),
            };
            await new SimulationRunner(point.Config, simulation).RunAsync(cancellationToken).ConfigureAwait(false);
            var result = SweepRunResults.Read(layout, _options.TargetAccuracy);
            done.Add((point, result));
            SweepSummaryTable.Write(SummaryPath, _grid.Axes, done, _options.TargetAccuracy);
            _options.Events(new SweepEvent(SweepEventKind.Finished, index, count, point, Result: result));
        }
        SweepSummaryTable.Write(SummaryPath, _grid.Axes, done, _options.TargetAccuracy);
        return done;
    }

    enum RunState { New, Interrupted, Finished }

    RunState State(SweepPoint point)
    {
        var layout = Layout(point);
        if (RunFolderContents.Describe(layout) is not { } contents)
            return RunState.New;
        if (!File.Exists(layout.Config))
            throw new SweepConflictException(layout.Root, $"holds {contents} but no config.json, so it is not this sweep's run; remove it or give the sweep another --name");
        string saved;
        try
        {
            saved = ExperimentConfigLoader.ToJson(ExperimentConfigLoader.Load(layout.Config));
        }
        catch (ConfigException e)
        {
            throw new SweepConflictException(layout.Root, $"holds a run whose config.json does not load ({e.Message}); remove it or give the sweep another --name");
        }
        if (saved != ExperimentConfigLoader.ToJson(point.Config))
            throw new SweepConflictException(layout.Root, $"holds {contents} of another config than this sweep's {string.Join(", ", point.Settings.Select(s => $"{s.Path}={s.Value}"))}; remove it or give the sweep another --name");
        return File.Exists(layout.Summary) ? RunState.Finished : RunState.Interrupted;
    }

    void WriteSweepFile()
    {
        var path = Path.Combine(Directory, SweepFile);
        var json = JsonSerializer.Serialize(new { Axes = _grid.Axes.Select(a => new { a.Path, a.Values }), Runs = _grid.Points.Select(p => p.Name) }, RunFileNaming.Json);
        if (File.Exists(path))
        {
            var saved = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("axes").GetRawText();
            var now = JsonDocument.Parse(json).RootElement.GetProperty("axes").GetRawText();
            if (saved != now)
                throw new SweepConflictException(Directory, $"holds a sweep of other axes ({SweepFile}); rerun with those --vary values or give another --name");
            return;
        }
        // A folder of nothing but this grid's runs is this sweep's (its sweep.json lost, or the runs made by hand).
        var ours = _grid.Points.Select(p => p.Name).Append(SweepSummaryTable.FileName).ToHashSet(StringComparer.Ordinal);
        if (System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any(e => !ours.Contains(System.IO.Path.GetFileName(e))))
            throw new SweepConflictException(Directory, $"holds no {SweepFile} and files of no run of this sweep, so it is no sweep's folder; give the sweep another --name or --runs");
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.WriteAllText(path, json);
    }

    sealed class Relay(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
