using FedHybrid.Attacks.ImageQuality;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>A PNG of images in rows (the originals, then each view's reconstructions beneath them) on one
/// grayscale scale, 0 black and 1 white, drawn with ScottPlot as the reports' figures are.</summary>
public static class InversionFigure
{
    const int Gap = 2, Scale = 4;

    public static void Write(string path, string title, IReadOnlyList<IReadOnlyList<GrayImage>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows.Any(r => r.Count == 0))
            throw new ArgumentException("a figure needs at least one image in every row", nameof(rows));
        int cellRows = rows[0][0].Rows, cellCols = rows[0][0].Cols, columns = rows.Max(r => r.Count);
        var cells = new double[rows.Count * (cellRows + Gap) - Gap, columns * (cellCols + Gap) - Gap];
        for (int r = 0; r < cells.GetLength(0); r++)
            for (int c = 0; c < cells.GetLength(1); c++)
                cells[r, c] = 1; // white between the images
        for (int row = 0; row < rows.Count; row++)
            for (int col = 0; col < rows[row].Count; col++)
            {
                var image = rows[row][col];
                if (image.Rows != cellRows || image.Cols != cellCols)
                    throw new ArgumentException($"image {col} of row {row} is {image.Rows}x{image.Cols}, the first {cellRows}x{cellCols}", nameof(rows));
                for (int y = 0; y < cellRows; y++)
                    for (int x = 0; x < cellCols; x++)
                        cells[row * (cellRows + Gap) + y, col * (cellCols + Gap) + x] = image[y, x];
            }
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.HideAxesAndGrid();
        plot.Axes.Margins(0, 0);
        plot.Title(title, size: 12);
        // Wide enough for the title as well as the images.
        int width = Math.Max(cells.GetLength(1) * Scale + 40, 8 * title.Length + 40), height = cells.GetLength(0) * Scale + 60;
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
    }
}
