using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Reports;

/// <summary>Writes a report of run folders into a folder: every figure as PNG and SVG, and index.html.</summary>
public static class RunReport
{
    public const string PageFile = "index.html";

    /// <summary>Figure size in pixels (SVG: user units).</summary>
    public const int Width = 900, Height = 500;

    /// <returns>The files written, the page last.</returns>
    /// <exception cref="InvalidDataException">A folder is no run folder or holds a malformed table.</exception>
    public static IReadOnlyList<string> Write(IReadOnlyList<string> runFolders, string outDirectory)
    {
        if (runFolders.Count == 0)
            throw new ArgumentException("give at least one run folder", nameof(runFolders));
        var runs = ReportRun.LoadAll(runFolders);
        var figures = ReportFigures.For(runs);
        Directory.CreateDirectory(outDirectory);
        var written = new List<string>();
        foreach (var figure in figures)
        {
            var png = Path.Combine(outDirectory, figure.FileStem + ".png");
            var svg = Path.Combine(outDirectory, figure.FileStem + ".svg");
            AtomicFile.WriteAllBytes(png, figure.Plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png));
            AtomicFile.WriteAllText(svg, figure.Plot.GetSvgXml(Width, Height));
            written.Add(png);
            written.Add(svg);
        }
        var page = Path.Combine(outDirectory, PageFile);
        AtomicFile.WriteAllText(page, ReportPage.Html(runs, figures, ConfigDifferences.Compare(runs)));
        written.Add(page);
        return written;
    }
}
