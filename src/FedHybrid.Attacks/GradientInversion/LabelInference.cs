using FedHybrid.Learning.Parameters;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>
/// The labels of a batch, read off the gradient of the last layer's bias. With softmax cross-entropy the bias
/// gradient of class c is mean over the batch of (p_c - [y = c]): for one image only the true class is negative,
/// which is iDLG's observation (Zhao, Mopuri, Bilen 2020). For a batch the negative entries name classes that are
/// present; the remaining slots go, one at a time, to the class whose gradient is still most negative once each
/// assigned image is counted as lifting it by 1/B (a greedy count estimate in the spirit of Wainakh et al. 2022).
/// The gradient's sign and scale do not matter beyond a positive factor, so an update -lr * g works too.
/// </summary>
public static class LabelInference
{
    /// <summary>The inferred labels, ascending by class. <paramref name="gradient"/> is in <paramref name="layout"/>
    /// order and its last slot is the output layer's bias.</summary>
    public static int[] FromGradient(ReadOnlySpan<float> gradient, ParameterLayout layout, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (gradient.Length != layout.Count)
            throw new ArgumentException($"gradient has {gradient.Length} values, the layout {layout.Count}", nameof(gradient));
        var bias = layout.Slots[^1];
        if (bias.Shape.Count != 1)
            throw new ArgumentException($"the last parameter {bias.Name} is not a bias vector", nameof(layout));
        var g = gradient.Slice(bias.Offset, bias.Length);
        double scale = 0;
        for (int c = 0; c < g.Length; c++) scale = Math.Max(scale, Math.Abs(g[c]));
        var residual = new double[g.Length];
        for (int c = 0; c < g.Length; c++) residual[c] = scale == 0 ? 0 : g[c] / scale;
        // Normalized so that the most extreme entry is 1: each image assigned to c lifts it by about 1/B of the range.
        double lift = 1.0 / batchSize;
        var labels = new List<int>(batchSize);
        foreach (int c in Enumerable.Range(0, g.Length).Where(c => residual[c] < 0).OrderBy(c => residual[c]).Take(batchSize))
        {
            labels.Add(c);
            residual[c] += lift;
        }
        while (labels.Count < batchSize)
        {
            int best = 0;
            for (int c = 1; c < residual.Length; c++) if (residual[c] < residual[best]) best = c;
            labels.Add(best);
            residual[best] += lift;
        }
        labels.Sort();
        return labels.ToArray();
    }
}
