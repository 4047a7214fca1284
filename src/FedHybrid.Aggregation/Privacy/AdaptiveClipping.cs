using MathNet.Numerics.Distributions;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>Adaptive clipping (Andrew et al., NeurIPS 2021, Algorithm 1 with geometric updates). Each client
/// reports b_i = 1 if its update's norm is within the current clip norm C. The server privatizes the count
/// with centred bits (b_i - 1/2, sensitivity 1/2) as b̃ = (Σ(b_i - 1/2) + N(0, σ_b²))/m + 1/2, and moves
/// C ← C·exp(-η_C (b̃ - γ)). The two queries together are one Gaussian mechanism with noise multiplier z when
/// the update sum gets σ_Δ = (z⁻² - (2σ_b)⁻²)^{-1/2} (the paper's Section 3), so the accountant charges z per
/// round, exactly as for fixed clipping.</summary>
public sealed class AdaptiveClipping
{
    readonly AdaptiveClippingOptions _options;
    double _clipNorm;
    long _rounds;

    public AdaptiveClipping(AdaptiveClippingOptions options, AdaptiveClippingState? state = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.InitialClipNorm > 0) || double.IsInfinity(options.InitialClipNorm))
            throw new ArgumentOutOfRangeException(nameof(options), options.InitialClipNorm, "InitialClipNorm must be positive and finite.");
        if (!(options.NoiseMultiplier > 0) || double.IsInfinity(options.NoiseMultiplier))
            throw new ArgumentOutOfRangeException(nameof(options), options.NoiseMultiplier, "NoiseMultiplier must be positive and finite.");
        if (!(options.ExpectedClients > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.ExpectedClients, "ExpectedClients must be positive.");
        if (!(2 * options.ClippedCountStddev > options.NoiseMultiplier))
            throw new ArgumentOutOfRangeException(nameof(options), options.ClippedCountStddev,
                $"ClippedCountStddev must exceed NoiseMultiplier/2 = {options.NoiseMultiplier / 2}: the count query would use up the whole noise budget.");
        if (!(options.TargetQuantile > 0 && options.TargetQuantile < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetQuantile, "TargetQuantile must be in (0, 1).");
        if (!(options.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "LearningRate must be positive.");
        _options = options;
        _clipNorm = options.InitialClipNorm;
        if (state is not null)
        {
            if (!(state.ClipNorm > 0) || double.IsInfinity(state.ClipNorm))
                throw new ArgumentOutOfRangeException(nameof(state), state.ClipNorm, "state.ClipNorm must be positive and finite.");
            if (state.Rounds < 0) throw new ArgumentOutOfRangeException(nameof(state), state.Rounds, "state.Rounds must be non-negative.");
            _clipNorm = state.ClipNorm;
            _rounds = state.Rounds;
        }
    }

    public double ClipNorm => _clipNorm;

    /// <summary>σ_Δ, the noise multiplier on the update sum that leaves z for the combined mechanism.</summary>
    public double UpdateNoiseMultiplier => UpdateNoiseFor(_options.NoiseMultiplier, _options.ClippedCountStddev);

    /// <summary>σ_Δ = (z⁻² - (2σ_b)⁻²)^{-1/2}.</summary>
    public static double UpdateNoiseFor(double noiseMultiplier, double clippedCountStddev)
    {
        double inverse = 1 / (noiseMultiplier * noiseMultiplier) - 1 / (4 * clippedCountStddev * clippedCountStddev);
        if (!(inverse > 0))
            throw new ArgumentOutOfRangeException(nameof(clippedCountStddev), clippedCountStddev, "clippedCountStddev must exceed noiseMultiplier/2.");
        return 1 / Math.Sqrt(inverse);
    }

    public AdaptiveClippingState State => new(_clipNorm, _rounds);

    public AdaptiveClippingResult Round(IReadOnlyList<float[]> updates, Random random)
    {
        var mechanism = new GaussianSumMechanism(_clipNorm, UpdateNoiseMultiplier);
        var sum = mechanism.NoisedSum(updates, random, out int unclipped);
        double centred = unclipped - 0.5 * updates.Count + Normal.Sample(random, 0, _options.ClippedCountStddev);
        double fraction = centred / _options.ExpectedClients + 0.5;
        double used = _clipNorm;
        _clipNorm *= Math.Exp(-_options.LearningRate * (fraction - _options.TargetQuantile));
        _rounds++;
        return new AdaptiveClippingResult(sum, used, fraction, _clipNorm);
    }
}
