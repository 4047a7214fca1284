using System.Security.Cryptography;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>
/// Turns a cohort's plaintext updates into what the coordinator holds under each defence, with the project's
/// own code: <see cref="Quantizer"/>, <see cref="ClientMasking"/> and the ring sum of secure aggregation
/// (Bonawitz et al. 2017), and <see cref="GaussianSumMechanism"/> of central DP. Seeds come from one seeded
/// generator, so a view is reproducible; the attacker never learns them (it holds only the returned vector).
/// </summary>
public static class DefendedUpdates
{
    /// <summary>The victim's masked input y_0 (the victim is cohort member 0, its pairwise seeds shared with
    /// every other member), dequantized as if it were one client's update: q * Delta - c for each word.</summary>
    public static float[] MaskedInput(IReadOnlyList<float[]> cohort, QuantizationParameters parameters, int seed)
    {
        Require(cohort);
        ArgumentNullException.ThrowIfNull(parameters);
        var random = new Random(seed);
        var quantized = Quantize(cohort[0], parameters, random);
        var pairwise = Enumerable.Range(1, Math.Max(1, cohort.Count - 1)).Select(peer => new PairwiseSeed(peer, Bytes(random))).ToArray();
        var selfSeed = Bytes(random);
        var masked = new uint[quantized.Length];
        try
        {
            ClientMasking.Mask(0, quantized, selfSeed, pairwise, parameters, masked);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(selfSeed);
        }
        var read = new float[masked.Length];
        for (int i = 0; i < masked.Length; i++) read[i] = (float)(masked[i] * parameters.Step - parameters.ClipRange);
        return read;
    }

    /// <summary>The sum the coordinator unmasks: every member's update quantized (clipped to [-c, c], stochastically
    /// rounded), summed in Z_(2^m) and dequantized.</summary>
    public static float[] SecureSum(IReadOnlyList<float[]> cohort, QuantizationParameters parameters, int seed)
    {
        Require(cohort);
        ArgumentNullException.ThrowIfNull(parameters);
        var random = new Random(seed);
        var sum = new uint[cohort[0].Length];
        foreach (var update in cohort)
            RingVector.Add(sum, Quantize(update, parameters, random));
        RingVector.Reduce(sum, parameters.RingMask);
        var result = new float[sum.Length];
        Quantizer.Dequantize(sum, cohort.Count, parameters, result);
        return result;
    }

    /// <summary>Central DP's sum: each update clipped to L2 norm <paramref name="clipNorm"/>, summed, plus
    /// N(0, (sigma S)^2) per coordinate, drawn from <see cref="CentralDpAggregation.NoiseSource"/>.</summary>
    public static float[] NoisedSum(IReadOnlyList<float[]> cohort, double clipNorm, double noiseMultiplier, int seed)
    {
        Require(cohort);
        return new GaussianSumMechanism(clipNorm, noiseMultiplier).NoisedSum(cohort, CentralDpAggregation.NoiseSource(seed, 1), out _);
    }

    static uint[] Quantize(float[] update, QuantizationParameters parameters, Random random)
    {
        var rounding = Bytes(random);
        var quantized = new uint[update.Length];
        Quantizer.Quantize(update, parameters, rounding, quantized);
        return quantized;
    }

    static byte[] Bytes(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }

    static void Require(IReadOnlyList<float[]> cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        if (cohort.Count == 0) throw new ArgumentException("the cohort is empty", nameof(cohort));
        if (cohort.Any(u => u.Length != cohort[0].Length)) throw new ArgumentException("the cohort's updates differ in length", nameof(cohort));
    }
}
