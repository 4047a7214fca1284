namespace FedHybrid.Aggregation.Strategies;

/// <summary>SCAFFOLD's client-side arithmetic (Karimireddy et al., ICML 2020), pure, so the client
/// and its tests share it with the strategy's documentation.</summary>
public static class ScaffoldControl
{
    /// <summary>The correction c - c_i: every local step also moves the weights by -lr times it (outside the momentum).</summary>
    public static float[] Correction(ReadOnlySpan<float> serverControl, ReadOnlySpan<float> clientControl) =>
        VectorMath.Subtract(serverControl, clientControl);

    /// <summary>
    /// Option II: c_i+ = c_i - c + (x - y_i) / (K * eta_l), from the client's control c_i, the server's
    /// c, the global model x the round started from, the local model y_i after K local steps with
    /// learning rate eta_l. Each element in double, rounded to float once. The reply carries
    /// c_i+ - c_i (<see cref="VectorMath.Subtract"/>); the client keeps c_i+.
    /// </summary>
    public static float[] ClientUpdate(ReadOnlySpan<float> clientControl, ReadOnlySpan<float> serverControl,
        ReadOnlySpan<float> global, ReadOnlySpan<float> local, long steps, double learningRate)
    {
        int n = global.Length;
        if (clientControl.Length != n || serverControl.Length != n || local.Length != n)
            throw new ArgumentException($"lengths differ: c_i {clientControl.Length}, c {serverControl.Length}, x {n}, y_i {local.Length}");
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be a positive finite number");
        double scale = 1.0 / (steps * learningRate);
        var next = new float[n];
        for (int j = 0; j < n; j++)
            next[j] = (float)((double)clientControl[j] - serverControl[j] + ((double)global[j] - local[j]) * scale);
        return next;
    }
}
