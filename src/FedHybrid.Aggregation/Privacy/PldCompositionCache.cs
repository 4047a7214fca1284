using System.Numerics;
using System.Runtime.CompilerServices;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>What composing the same discrete distributions again can reuse (a per-round report composes one
/// round's distribution 1, 2, ..., T times): each distribution's log-probabilities, variance and log moment generating function at the Chernoff
/// grid's points, and its forward
/// FFT at the last length asked for (the length grows with the count, so only the newest is kept). Keyed by the
/// distribution object, which is immutable; the values are exactly what <see cref="PldComposition"/> would compute.</summary>
public sealed class PldCompositionCache
{
    readonly ConditionalWeakTable<PrivacyLossPmf, Entry> _entries = [];

    internal double[] LogProbabilities(PrivacyLossPmf pmf) => For(pmf).LogProbabilities ??= PldComposition.LogProbabilities(pmf);

    internal double LogMgf(PrivacyLossPmf pmf, double t)
    {
        var entry = For(pmf);
        if (!entry.LogMgf.TryGetValue(t, out double value))
            entry.LogMgf[t] = value = PldComposition.LogMgf(LogProbabilities(pmf), t);
        return value;
    }

    internal double Variance(PrivacyLossPmf pmf) => For(pmf).Variance ??= PldComposition.Variance(pmf.Probabilities);

    /// <summary>The spectrum of <paramref name="pmf"/> at <paramref name="length"/>; callers must not change it.</summary>
    internal Complex[] Spectrum(PrivacyLossPmf pmf, int length)
    {
        var entry = For(pmf);
        if (entry.Spectrum is not { } spectrum || spectrum.Length != length)
            entry.Spectrum = spectrum = PldComposition.Spectrum(pmf, length);
        return spectrum;
    }

    Entry For(PrivacyLossPmf pmf) => _entries.GetValue(pmf, _ => new Entry());

    sealed class Entry
    {
        public double[]? LogProbabilities;
        public double? Variance;
        public Complex[]? Spectrum;
        public readonly Dictionary<double, double> LogMgf = [];
    }
}
