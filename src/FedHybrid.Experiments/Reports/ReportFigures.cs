using FedHybrid.Federation.Coordinator;
using ScottPlot;

namespace FedHybrid.Experiments.Reports;

/// <summary>
/// The figures of a report with ScottPlot: test accuracy and loss per round with the runs overlaid; bytes
/// per round; epsilon per round (only when a run has it); and per run, the time of each phase per round
/// stacked, and each client's fit replies accepted, rejected and missing. A value not measured (NaN) is
/// left out of its line rather than drawn as zero.
/// </summary>
public static class ReportFigures
{
    /// <summary>metrics.csv's phase columns in the order a round runs them, with their legend names.</summary>
    static readonly (string Name, Func<RoundMetrics, double> Ms)[] Phases =
    [
        ("select", r => r.SelectMs),
        ("seal + publish", r => r.SealPublishMs),
        ("client download + open", r => r.ClientDownloadOpenMs),
        ("client work", r => r.ClientWorkMs),
        ("client seal", r => r.ClientSealMs),
        ("upload", r => r.UploadMs),
        ("open + check", r => r.OpenCheckMs),
        ("aggregate", r => r.AggregateMs),
        ("evaluate", r => r.EvaluateMs),
    ];

    static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static IReadOnlyList<ReportFigure> For(IReadOnlyList<ReportRun> runs)
    {
        var figures = new List<ReportFigure>
        {
            Lines("accuracy", "Test accuracy per round", "test accuracy", runs, [("", r => r.TestAccuracy)]),
            Lines("loss", "Test loss per round", "test loss", runs, [("", r => r.TestLoss)]),
            Lines("bytes", "Bytes per round (down: models sent, up: updates received)", "MB", runs,
                [("down", r => r.BytesDown / 1e6), ("up", r => r.BytesUp / 1e6)], fromZero: true),
        };
        if (runs.Any(run => run.Rounds.Any(r => double.IsFinite(r.EpsilonRdp) || double.IsFinite(r.EpsilonPld))))
            figures.Add(Lines("epsilon", "Privacy spent so far (epsilon per round)", "epsilon", runs,
                [("RDP", r => r.EpsilonRdp), ("PLD", r => r.EpsilonPld)]));
        for (int i = 0; i < runs.Count; i++)
        {
            figures.Add(PhaseTimes($"phases-{i + 1}", runs[i]));
            figures.Add(Participation($"clients-{i + 1}", runs[i]));
        }
        return figures;
    }

    /// <summary>A second series of a run (bytes up, PLD) differs by its marker, not by a dash: Skia's SVG
    /// backend drops dash patterns, and the PNG and SVG must show the same thing.</summary>
    static readonly MarkerShape[] SeriesMarkers = [MarkerShape.FilledCircle, MarkerShape.OpenTriangleUp];

    static ReportFigure Lines(string stem, string title, string yLabel, IReadOnlyList<ReportRun> runs, (string Series, Func<RoundMetrics, double> Value)[] series, bool fromZero = false)
    {
        var plot = NewPlot();
        for (int i = 0; i < runs.Count; i++)
        {
            for (int s = 0; s < series.Length; s++)
            {
                var points = runs[i].Rounds.Select(r => (X: (double)r.Round, Y: series[s].Value(r))).Where(p => double.IsFinite(p.Y)).ToArray();
                if (points.Length == 0)
                    continue;
                var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), Palette.GetColor(i));
                line.LegendText = series[s].Series.Length == 0 ? runs[i].Name : $"{runs[i].Name} ({series[s].Series})";
                line.MarkerShape = SeriesMarkers[s];
                line.MarkerSize = points.Length > 60 && s == 0 ? 0 : 6;
            }
        }
        plot.Title(title);
        plot.XLabel("round");
        plot.YLabel(yLabel);
        IntegerRounds(plot);
        if (fromZero)
        {
            plot.Axes.AutoScale();
            plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top * 1.15);
        }
        plot.ShowLegend(Alignment.LowerRight);
        return new ReportFigure(stem, title, plot);
    }

    static ReportFigure PhaseTimes(string stem, ReportRun run)
    {
        var plot = NewPlot();
        var bars = new List<Bar>();
        foreach (var round in run.Rounds)
        {
            double below = 0;
            for (int p = 0; p < Phases.Length; p++)
            {
                var seconds = Phases[p].Ms(round) / 1000;
                if (!double.IsFinite(seconds) || seconds <= 0)
                    continue;
                bars.Add(new Bar { Position = round.Round, ValueBase = below, Value = below + seconds, FillColor = Palette.GetColor(p), LineWidth = 0 });
                below += seconds;
            }
        }
        plot.Add.Bars(bars);
        for (int p = 0; p < Phases.Length; p++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Phases[p].Name, FillColor = Palette.GetColor(p) });
        // The round's wall time: above the stack is what the phases do not cover (waiting for a training
        // slot, clients training one after another), since client phases are means over the replies.
        var walls = run.Rounds.Where(r => double.IsFinite(r.RoundMs)).ToArray();
        var wall = plot.Add.ScatterPoints(walls.Select(r => (double)r.Round).ToArray(), walls.Select(r => r.RoundMs / 1000).ToArray(), Colors.Black);
        wall.MarkerShape = MarkerShape.FilledDiamond;
        wall.MarkerSize = 8;
        wall.LegendText = "round (wall time)";
        var title = $"Time per phase per round: {run.Name}";
        plot.Title(title);
        plot.XLabel("round (client phases: mean over the replies)");
        plot.YLabel("seconds");
        IntegerRounds(plot);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(stem, title, plot);
    }

    static ReportFigure Participation(string stem, ReportRun run)
    {
        var plot = NewPlot();
        var fit = run.Clients.Where(c => c.Stage == "fit").ToArray();
        var clients = fit.Select(c => c.ClientId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        (string Status, Color Color)[] statuses = [("accepted", Colors.SeaGreen), ("rejected", Colors.Crimson), ("missing", Colors.Gray)];
        var bars = new List<Bar>();
        for (int c = 0; c < clients.Length; c++)
        {
            double below = 0;
            foreach (var (status, color) in statuses)
            {
                int count = fit.Count(r => r.ClientId == clients[c] && r.Status == status);
                if (count == 0)
                    continue;
                bars.Add(new Bar { Position = c, ValueBase = below, Value = below + count, FillColor = color, LineWidth = 0 });
                below += count;
            }
        }
        plot.Add.Bars(bars);
        foreach (var (status, color) in statuses)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = status, FillColor = color });
        // Ids share their "client-" prefix; the axis label says it once.
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, clients.Length).Select(i => (double)i).ToArray(),
            clients.Select(c => c.StartsWith("client-", StringComparison.Ordinal) ? c["client-".Length..] : c).ToArray());
        var title = $"Fit replies per client: {run.Name}";
        plot.Title(title);
        plot.XLabel(clients.All(c => c.StartsWith("client-", StringComparison.Ordinal)) ? "client (client-NN)" : "client");
        plot.YLabel("rounds");
        IntegerCounts(plot);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(stem, title, plot);
    }

    static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        return plot;
    }

    static void IntegerCounts(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Rounds are whole numbers: ticks at integers only.</summary>
    static void IntegerRounds(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
}
