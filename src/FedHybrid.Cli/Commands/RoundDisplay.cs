using FedHybrid.Federation.Coordinator;
using Spectre.Console;

namespace FedHybrid.Cli.Commands;

/// <summary>Live progress of a run: a bar per round (interactive terminals) or one line per phase change.</summary>
sealed class RoundDisplay : IProgress<RunProgress>
{
    readonly int _rounds;
    readonly bool _interactive;
    readonly Lock _lock = new();
    readonly Dictionary<int, ProgressTask> _bars = [];
    ProgressContext? _context;
    string _lastLine = "";

    public RoundDisplay(int rounds, bool interactive)
    {
        _rounds = rounds;
        _interactive = interactive;
    }

    public void Attach(ProgressContext context) => _context = context;

    public void Log(string message)
    {
        lock (_lock)
        {
            if (_interactive)
                AnsiConsole.MarkupLine(Markup.Escape(message));
            else
                Console.WriteLine(message);
        }
    }

    public void Report(RunProgress p)
    {
        var accuracy = p.LastAccuracy is double a ? $"acc {a:P1}" : "acc -";
        var text = $"round {p.Round}/{_rounds} {p.Phase}: joined {p.Joined}, updates {p.Received}/{p.Selected}, accepted {p.Accepted}, rejected {p.Rejected}, {accuracy}";
        lock (_lock)
        {
            if (_context is { } context && p.Round > 0)
            {
                if (!_bars.TryGetValue(p.Round, out var bar))
                    _bars[p.Round] = bar = context.AddTask(Markup.Escape(text), maxValue: Math.Max(1, p.Selected));
                bar.Description = Markup.Escape(text);
                bar.MaxValue = Math.Max(1, p.Selected);
                bar.Value = p.Phase.StartsWith("round", StringComparison.Ordinal) || p.Phase == "finished" ? bar.MaxValue : p.Received;
                if (p.Phase == "finished")
                    foreach (var b in _bars.Values)
                        b.Value = b.MaxValue;
            }
            else if (text != _lastLine)
            {
                Console.WriteLine(text);
            }
            _lastLine = text;
        }
    }
}
