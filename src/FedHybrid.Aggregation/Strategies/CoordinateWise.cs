namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// The deltas taken one coordinate at a time, for the coordinate-wise rules (median, trimmed mean):
/// each coordinate's n values, sorted ascending, go to a statistic. Clients' values are copied a block
/// of coordinates at a time, so each delta is read in order rather than one value per cache line.
/// Sorting makes the result independent of the clients' order; equal values are interchangeable.
/// </summary>
static class CoordinateWise
{
    const int Block = 256;

    /// <summary>A statistic of one coordinate's values, given sorted ascending.</summary>
    public delegate double Statistic(ReadOnlySpan<float> sorted);

    public static float[] Apply(IReadOnlyList<FitReply> accepted, Statistic statistic)
    {
        if (accepted.Count == 0)
            throw new ArgumentException("at least one update is needed", nameof(accepted));
        int n = accepted.Count, length = accepted[0].Delta.Length;
        var result = new float[length];
        var block = new float[n * Block];
        var column = new float[n];
        for (int start = 0; start < length; start += Block)
        {
            int width = Math.Min(Block, length - start);
            for (int i = 0; i < n; i++)
                accepted[i].Delta.AsSpan(start, width).CopyTo(block.AsSpan(i * Block, width));
            for (int k = 0; k < width; k++)
            {
                for (int i = 0; i < n; i++)
                    column[i] = block[i * Block + k];
                column.AsSpan().Sort();
                result[start + k] = (float)statistic(column);
            }
        }
        return result;
    }
}
