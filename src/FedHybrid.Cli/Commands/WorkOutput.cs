using System.Text.Json;
using FedHybrid.Federation.Coordinator;
using Spectre.Console;

namespace FedHybrid.Cli.Commands;

/// <summary>
/// What simulate, coordinator and sweep print, in the chosen <see cref="OutputMode"/>. Progress counts
/// rounds: a bar (Bar mode) runs over <see cref="TotalRounds"/>, each round's fit replies filling it
/// between round ends, with the remaining time Spectre estimates from the rounds so far. With --json, a
/// round's end is also a "round" event carrying its metrics.csv row. Errors are one line on stderr (a JSON
/// object with --json), their several problems joined with "; ".
/// </summary>
sealed class WorkOutput : IProgress<RunProgress>
{
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new NotMeasuredAsNull() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // paths and quotes as they are: no HTML here
    };

    readonly Lock _lock = new();
    ProgressTask? _bar;
    string _lastLine = "";
    string _label = "";
    double _roundsBefore;

    public WorkOutput(OutputMode mode, int totalRounds)
    {
        Mode = mode;
        TotalRounds = totalRounds;
    }

    public OutputMode Mode { get; }

    public int TotalRounds { get; }

    /// <summary>Runs <paramref name="work"/> under the bar in Bar mode, else as is.</summary>
    public Task<T> RunAsync<T>(string title, Func<Task<T>> work)
    {
        if (Mode != OutputMode.Bar)
            return work();
        return AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(ctx =>
            {
                lock (_lock)
                    _bar = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, TotalRounds));
                return work();
            });
    }

    /// <summary>A later run of a sweep starts: its rounds count after <paramref name="roundsBefore"/>.</summary>
    public void StartRun(double roundsBefore, string label)
    {
        lock (_lock)
            (_roundsBefore, _label) = (roundsBefore, label);
        Advance(roundsBefore);
    }

    public void Log(string message) => Event("log", message, new { message });

    /// <summary>A line worth a line in every mode but quiet (a sweep's run starting, finishing).</summary>
    public void Event(string kind, string line, object payload)
    {
        lock (_lock)
        {
            switch (Mode)
            {
                case OutputMode.Json:
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["event"] = kind, [kind] = payload }, Json));
                    break;
                case OutputMode.Bar:
                    AnsiConsole.MarkupLine(Markup.Escape(line));
                    break;
                case OutputMode.Lines:
                    Console.WriteLine(line);
                    break;
            }
        }
    }

    public void Report(RunProgress p)
    {
        var accuracy = p.LastAccuracy is double a ? $"acc {a:P1}" : "acc -";
        var text = $"round {p.Round}/{p.Rounds} {p.Phase}: joined {p.Joined}, updates {p.Received}/{p.Selected}, accepted {p.Accepted}, rejected {p.Rejected}, {accuracy}";
        bool ended = p.Phase == "finished" || p.Phase.StartsWith("round", StringComparison.Ordinal);
        double done = p.Round <= 0 ? 0 : ended ? p.Round : p.Round - 1 + (p.Selected > 0 ? (double)p.Received / p.Selected : 0);
        lock (_lock)
        {
            switch (Mode)
            {
                case OutputMode.Json:
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["event"] = "progress", ["progress"] = p }, Json));
                    if (p.Completed is { } round)
                        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["event"] = "round", ["round"] = round }, Json));
                    break;
                case OutputMode.Lines when text != _lastLine:
                    Console.WriteLine(text);
                    break;
                case OutputMode.Bar when _bar is not null:
                    // Short, so the bar keeps its width on an 80-column terminal.
                    var state = p.Phase == "finished" ? "finished" : ended ? "done" : $"{p.Phase} {p.Received}/{p.Selected}";
                    _bar.Description = Markup.Escape($"{_label}round {p.Round}/{p.Rounds} {state}, {accuracy}");
                    break;
            }
            _lastLine = text;
        }
        Advance(_roundsBefore + done);
    }

    void Advance(double value)
    {
        lock (_lock)
            if (_bar is not null && value > _bar.Value)
                _bar.Value = Math.Min(value, _bar.MaxValue);
    }

    /// <summary>The result: its lines in every mode but JSON, which prints <paramref name="payload"/>.</summary>
    public void Result(IEnumerable<string> lines, object payload)
    {
        lock (_lock)
        {
            if (_bar is not null)
                _bar.Value = _bar.MaxValue;
            if (Mode == OutputMode.Json)
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["event"] = "result", ["result"] = payload }, Json));
            else
                foreach (var line in lines)
                    Console.WriteLine(line);
        }
    }

    /// <summary>An error as one line on stderr: "error: ..." (or a JSON object), what to fix in it.</summary>
    public void Error(string message) => Error(Mode, message);

    public static void Error(OutputMode mode, string message)
    {
        var parts = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var line = string.Concat(parts.Select((p, i) => i == 0 ? p : (parts[i - 1].EndsWith(':') ? " " : "; ") + p));
        Console.Error.WriteLine(mode == OutputMode.Json
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["event"] = "error", ["error"] = line }, Json)
            : $"error: {line}");
    }
}
