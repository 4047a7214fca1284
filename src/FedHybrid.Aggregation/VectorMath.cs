using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FedHybrid.Aggregation;

/// <summary>Vector operations strategies are built from. Sums run in double precision and in the
/// order given, so the same inputs in the same order give bit-identical results.</summary>
public static class VectorMath
{
    /// <summary>True when every element is finite (no NaN, no infinity).</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v))
                return false;
        return true;
    }

    /// <summary>The average of <paramref name="vectors"/> weighted by <paramref name="weights"/>,
    /// accumulated in double in the given order.</summary>
    public static float[] WeightedAverage(IReadOnlyList<float[]> vectors, IReadOnlyList<long> weights)
    {
        if (vectors.Count == 0)
            throw new ArgumentException("at least one vector is needed", nameof(vectors));
        if (vectors.Count != weights.Count)
            throw new ArgumentException($"{vectors.Count} vectors but {weights.Count} weights", nameof(weights));
        int length = vectors[0].Length;
        double total = 0;
        for (int i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != length)
                throw new ArgumentException($"vector {i} has length {vectors[i].Length}, expected {length}", nameof(vectors));
            if (weights[i] <= 0)
                throw new ArgumentOutOfRangeException(nameof(weights), weights[i], $"weight {i} must be positive");
            total += weights[i];
        }
        var sum = new double[length];
        for (int i = 0; i < vectors.Count; i++)
        {
            double w = weights[i] / total;
            var v = vectors[i];
            for (int j = 0; j < length; j++)
                sum[j] += w * v[j];
        }
        var result = new float[length];
        for (int j = 0; j < length; j++)
            result[j] = (float)sum[j];
        return result;
    }

    /// <summary><c>a + b</c>, element-wise, as a new vector.</summary>
    public static float[] Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"lengths differ: {a.Length} and {b.Length}", nameof(b));
        var result = new float[a.Length];
        for (int j = 0; j < result.Length; j++)
            result[j] = a[j] + b[j];
        return result;
    }

    /// <summary><c>a - b</c>, element-wise, as a new vector.</summary>
    public static float[] Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"lengths differ: {a.Length} and {b.Length}", nameof(b));
        var result = new float[a.Length];
        for (int j = 0; j < result.Length; j++)
            result[j] = a[j] - b[j];
        return result;
    }

    /// <summary><c>a -= b</c>, element-wise: the same values as <see cref="Subtract"/>, without a new vector.</summary>
    public static float[] SubtractInPlace(float[] a, ReadOnlySpan<float> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length != b.Length)
            throw new ArgumentException($"lengths differ: {a.Length} and {b.Length}", nameof(b));
        for (int j = 0; j < a.Length; j++)
            a[j] -= b[j];
        return a;
    }

    /// <summary><c>sum_i coefficients[i] * vectors[i]</c>, accumulated in double in the given order
    /// (FedNova's normalized sum, where the coefficients are not sample counts).</summary>
    public static double[] WeightedSum(IReadOnlyList<float[]> vectors, IReadOnlyList<double> coefficients)
    {
        if (vectors.Count == 0)
            throw new ArgumentException("at least one vector is needed", nameof(vectors));
        if (vectors.Count != coefficients.Count)
            throw new ArgumentException($"{vectors.Count} vectors but {coefficients.Count} coefficients", nameof(coefficients));
        int length = vectors[0].Length;
        var sum = new double[length];
        for (int i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != length)
                throw new ArgumentException($"vector {i} has length {vectors[i].Length}, expected {length}", nameof(vectors));
            if (!double.IsFinite(coefficients[i]))
                throw new ArgumentOutOfRangeException(nameof(coefficients), coefficients[i], $"coefficient {i} must be finite");
            double c = coefficients[i];
            var v = vectors[i];
            for (int j = 0; j < length; j++)
                sum[j] += c * v[j];
        }
        return sum;
    }
    /// <summary>||a - b||^2 in double: eight lanes of fixed width (Vector256, emulated where the CPU
    /// lacks it), summed in a fixed order, so the result is the same on every machine; a reduction of
    /// the machine's own vector width (Vector&lt;T&gt;, TensorPrimitives) would not be. Krum spends its
    /// time here.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"lengths differ: {a.Length} and {b.Length}", nameof(b));
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        var low = Vector256<double>.Zero;
        var high = Vector256<double>.Zero;
        int j = 0;
        for (; j + 8 <= a.Length; j += 8)
        {
            var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref ra, (nuint)j));
            var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref rb, (nuint)j));
            var dLow = aLow - bLow;
            var dHigh = aHigh - bHigh;
            // Multiply, then add: .NET does not contract these into a fused multiply-add.
            low += dLow * dLow;
            high += dHigh * dHigh;
        }
        double sum = 0;
        for (int lane = 0; lane < Vector256<double>.Count; lane++)
            sum += low[lane] + high[lane];
        for (; j < a.Length; j++)
        {
            double d = (double)a[j] - b[j];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>||v||, the Euclidean norm, in double: four partial sums in a fixed order.</summary>
    public static double Norm(ReadOnlySpan<float> v)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= v.Length; j += 4)
        {
            s0 += (double)v[j] * v[j];
            s1 += (double)v[j + 1] * v[j + 1];
            s2 += (double)v[j + 2] * v[j + 2];
            s3 += (double)v[j + 3] * v[j + 3];
        }
        for (; j < v.Length; j++)
            s0 += (double)v[j] * v[j];
        return Math.Sqrt((s0 + s1) + (s2 + s3));
    }
}
