using MathNet.Numerics.Distributions;

namespace FedHybrid.Attacks.MembershipInference;

/// <summary>
/// LiRA (Carlini, Chien, Nasr, Song, Terzis, Tramèr, S&amp;P 2022). Shadow models are trained on random halves
/// of a population, so each example is IN some shadows and OUT of others. For each example the logit-scaled
/// confidences phi of its IN and OUT shadows are fitted with Gaussians, and the target model's phi is scored:
/// online, log N(phi; mu_in, s_in^2) - log N(phi; mu_out, s_out^2); offline (OUT shadows only), the one-sided
/// Phi((phi - mu_out) / s_out). With few shadows per example the paper uses one variance for all examples
/// ("global variance"); so do we, pooled over every example's deviations from its own mean.
/// </summary>
public static class LikelihoodRatioAttack
{
    /// <param name="target">The attacked model's outputs on the examples.</param>
    /// <param name="shadows">Each shadow model's outputs on the same examples.</param>
    /// <param name="shadowMembership">shadowMembership[k][i]: whether example i was in shadow k's training set.</param>
    public static LiraScores Score(ExampleOutputs target, IReadOnlyList<ExampleOutputs> shadows, IReadOnlyList<bool[]> shadowMembership)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(shadows);
        ArgumentNullException.ThrowIfNull(shadowMembership);
        if (shadows.Count == 0 || shadows.Count != shadowMembership.Count)
            throw new ArgumentException($"{shadows.Count} shadow models but {shadowMembership.Count} membership lists");
        int n = target.Count;
        if (shadows.Any(s => s.Count != n) || shadowMembership.Any(m => m.Length != n))
            throw new ArgumentException($"every shadow must score the target's {n} examples");
        var meanIn = new double[n];
        var meanOut = new double[n];
        double squaresIn = 0, squaresOut = 0;
        long degreesIn = 0, degreesOut = 0;
        for (int i = 0; i < n; i++)
        {
            var ins = Values(shadows, shadowMembership, i, true);
            var outs = Values(shadows, shadowMembership, i, false);
            if (outs.Count == 0)
                throw new ArgumentException($"example {i} is in every shadow's training set: LiRA needs OUT shadows for each example");
            meanIn[i] = ins.Count == 0 ? double.NaN : ins.Average();
            meanOut[i] = outs.Average();
            foreach (var v in ins) squaresIn += (v - meanIn[i]) * (v - meanIn[i]);
            foreach (var v in outs) squaresOut += (v - meanOut[i]) * (v - meanOut[i]);
            degreesIn += Math.Max(0, ins.Count - 1);
            degreesOut += Math.Max(0, outs.Count - 1);
        }
        if (degreesOut == 0)
            throw new ArgumentException("every example has a single OUT shadow: a variance cannot be fitted; train more shadow models");
        double sdOut = Math.Sqrt(squaresOut / degreesOut) + 1e-12;
        double sdIn = degreesIn == 0 ? double.NaN : Math.Sqrt(squaresIn / degreesIn) + 1e-12;
        var online = new double[n];
        var offline = new double[n];
        for (int i = 0; i < n; i++)
        {
            double phi = target.ScaledConfidence[i];
            offline[i] = Normal.CDF(meanOut[i], sdOut, phi);
            online[i] = double.IsNaN(meanIn[i]) || double.IsNaN(sdIn)
                ? double.NaN
                : Normal.PDFLn(meanIn[i], sdIn, phi) - Normal.PDFLn(meanOut[i], sdOut, phi);
        }
        return new LiraScores(online.Any(double.IsNaN) ? null : online, offline);
    }

    static List<double> Values(IReadOnlyList<ExampleOutputs> shadows, IReadOnlyList<bool[]> membership, int i, bool member)
    {
        var values = new List<double>();
        for (int k = 0; k < shadows.Count; k++)
            if (membership[k][i] == member) values.Add(shadows[k].ScaledConfidence[i]);
        return values;
    }
}
