using MathNet.Numerics;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>Log-space arithmetic and Gaussian tails, accurate far into the tails where the plain
/// forms underflow. Internal: the accountants are the public surface.</summary>
internal static class LogMath
{
    /// <summary>log(e^a + e^b) without overflow.</summary>
    public static double LogAdd(double a, double b)
    {
        double lo = Math.Min(a, b), hi = Math.Max(a, b);
        if (double.IsNegativeInfinity(lo)) return hi;
        return LogOnePlus(Math.Exp(lo - hi)) + hi;
    }

    /// <summary>log(e^a - e^b) for a ≥ b; NaN when a &lt; b (the caller decides what that means).</summary>
    public static double LogSub(double a, double b)
    {
        if (a < b) return double.NaN;
        if (double.IsNegativeInfinity(b)) return a;
        if (a == b) return double.NegativeInfinity;
        double d = a - b;
        // log(e^d - 1) + b, with expm1 for small d and the identity d + log1p(-e^-d) for large d.
        return d > 30 ? a + LogOnePlus(-Math.Exp(-d)) : Math.Log(ExpMinusOne(d)) + b;
    }

    /// <summary>log(1 + x) accurate for small x (Kahan's correction: .NET's LogP1 is the naive form).</summary>
    public static double LogOnePlus(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsInfinity(u)) return Math.Log(u);
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x - 1 accurate for small x (Kahan's correction).</summary>
    public static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1 || double.IsInfinity(u)) return um1;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(erfc(x)), by the asymptotic series once erfc underflows (as tf-privacy's rdp_accountant).</summary>
    public static double LogErfc(double x)
    {
        if (x < 25) return Math.Log(SpecialFunctions.Erfc(x));
        double x2 = x * x, inv2 = 1 / x2;
        return -0.5 * Math.Log(Math.PI) - Math.Log(x) - x2
               + inv2 * (-0.5 + inv2 * (0.625 + inv2 * (-37.0 / 24 + inv2 * (353.0 / 64))));
    }

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

    /// <summary>log P(Z &gt; z) for a standard normal Z.</summary>
    public static double LogNormalTail(double z) => Math.Log(0.5) + LogErfc(z / Math.Sqrt(2));

    /// <summary>log binomial(n, k) for real n ≥ k ≥ 0 with n - k + 1 &gt; 0.</summary>
    public static double LogBinomial(double n, double k) =>
        SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);
}
