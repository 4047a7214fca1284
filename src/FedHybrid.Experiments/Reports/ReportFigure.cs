namespace FedHybrid.Experiments.Reports;

/// <summary>A figure of a report, written as FileStem.png and FileStem.svg.</summary>
public sealed record ReportFigure(string FileStem, string Title, ScottPlot.Plot Plot);
