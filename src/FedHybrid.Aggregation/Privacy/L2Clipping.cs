namespace FedHybrid.Aggregation.Privacy;

/// <summary>Scaling a vector to L2 norm at most a bound (the per-client clipping of DP-FedAvg).</summary>
public static class L2Clipping
{
    /// <summary>The L2 norm of <paramref name="values"/>, accumulated in double.</summary>
    public static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>Scales <paramref name="values"/> in place to norm at most <paramref name="clipNorm"/>; returns the
    /// norm before clipping. A non-finite vector is rejected: its norm is not bounded.</summary>
    public static double ClipInPlace(Span<float> values, double clipNorm)
    {
        if (!(clipNorm > 0) || double.IsInfinity(clipNorm))
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clip norm must be positive and finite.");
        double norm = Norm(values);
        if (!double.IsFinite(norm)) throw new ArgumentException("the update has a non-finite element, so its norm cannot be bounded", nameof(values));
        if (norm > clipNorm)
        {
            double scale = clipNorm / norm;
            for (int i = 0; i < values.Length; i++) values[i] = (float)(values[i] * scale);
            // float rounding can leave the norm a hair above the bound; shrink once more if so.
            double after = Norm(values);
            if (after > clipNorm)
            {
                double fix = clipNorm / after * (1 - 1e-7);
                for (int i = 0; i < values.Length; i++) values[i] = (float)(values[i] * fix);
            }
        }
        return norm;
    }
}
