using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>The RDP accountant against published figures: tensorflow/privacy's rdp_accountant_test.py and
/// compute_dp_sgd_privacy_test.py, google/differential-privacy's dp_accounting rdp_privacy_accountant_test.py,
/// and Abadi et al. 2016 (CCS, Sec 3.1).</summary>
public sealed class RdpAccountantTests
{
    static double Epsilon(double q, double sigma, long steps, double delta, IReadOnlyList<double>? orders = null) =>
        new RdpAccountant(orders).ComposePoissonGaussian(q, sigma, steps).Epsilon(delta).Epsilon;

    [Fact]
    public void ScalarRdpMatchesTfPrivacy()
    {
        // rdp_accountant_test.test_compute_rdp_scalar: compute_rdp(0.1, 2, 10, 5) ≈ 0.07737 (5 places).
        Assert.Equal(0.07737, 10 * SubsampledGaussianRdp.Rdp(0.1, 2, 5), 5);
    }

    [Fact]
    public void NoSamplingIsTheGaussianMechanism()
    {
        // test_compute_rdp_no_sampling: q = 1 gives α/(2σ²); test_compute_rdp_no_data: q = 0 gives 0.
        Assert.Equal(0.1, SubsampledGaussianRdp.Rdp(1, 10, 20), 15);
        Assert.Equal(0, SubsampledGaussianRdp.Rdp(0, 10, 20));
    }

    [Fact]
    public void SequenceMatchesTfPrivacyAndDpAccounting()
    {
        // test_compute_rdp_sequence: compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100, inf]) within 1e-5 absolute;
        // dp_accounting's test gives the same orders at rtol 1e-4 as 1.08548710e-03, 2.18075656e-03,
        // 2.38460375e-02, 1.67416308e+02 (its 1.5 value, 6.7058e-4, sums |binomial| terms: an upper bound).
        double[] orders = [1.5, 2.5, 5, 50, 100, double.PositiveInfinity];
        var rdp = new RdpAccountant(orders[..5]).ComposePoissonGaussian(0.01, 2.5, 50).Rdp;
        double[] tf = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
        for (int i = 0; i < tf.Length; i++) Assert.InRange(rdp[i], tf[i] - 1e-5, tf[i] + 1e-5);
        double[] dp = [1.08548710e-03, 2.18075656e-03, 2.38460375e-02, 1.67416308e02];
        for (int i = 0; i < dp.Length; i++) Assert.InRange(rdp[i + 1] / dp[i], 1 - 1e-4, 1 + 1e-4);
        Assert.True(rdp[0] <= 6.70579741e-04);
        Assert.Equal(double.PositiveInfinity, SubsampledGaussianRdp.Rdp(0.01, 2.5, double.PositiveInfinity));
    }

    [Fact]
    public void PureDpConversionMatchesTheHandComputedValue()
    {
        // test_compute_epsilon_delta_pure_dp: rdp 1.1 at orders 2..32 gives eps 1.32783806176 at order 32,
        // and delta 1e-5 back at that epsilon.
        var orders = Enumerable.Range(2, 31).Select(o => (double)o).ToArray();
        var rdp = orders.Select(_ => 1.1).ToArray();
        var eps = RdpConversion.Epsilon(orders, rdp, 1e-5);
        Assert.Equal(1.32783806176, eps.Epsilon, 9);
        Assert.Equal(32, eps.Order);
        var delta = RdpConversion.Delta(orders, rdp, 1.32783806176);
        Assert.Equal(1e-5, delta.Delta, 12);
        Assert.Equal(32, delta.Order);
    }

    [Fact]
    public void GaussianCalibratedToExactlyOneEpsilonGivesOne()
    {
        // test_compute_epsilon_delta_gaussian: sigma 4.530877117 is exactly (1, 1e-6)-DP; orders 1.001 … 99.999.
        var orders = Enumerable.Range(1001, 98999).Select(i => 0.001 * i).ToArray();
        var rdp = SubsampledGaussianRdp.Rdp(1, 4.530877117, orders);
        Assert.Equal(1, RdpConversion.Epsilon(orders, rdp, 1e-6).Epsilon, 7);
        Assert.Equal(1e-6, RdpConversion.Delta(orders, rdp, 1).Delta, 12);
    }

    [Theory]
    // compute_dp_sgd_privacy_test.test_compute_dp_sgd_privacy: (n, batch, sigma, epochs, delta) -> eps, order;
    // q = batch/n, steps = ceil(epochs·n/batch), tf-privacy's order list.
    [InlineData(60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0)]
    [InlineData(100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13.0)]
    public void DpSgdExamplesMatchTfPrivacy(int n, int batch, double sigma, int epochs, double delta, double expected, double order)
    {
        double q = (double)batch / n;
        long steps = (long)Math.Ceiling((double)epochs * n / batch);
        var result = new RdpAccountant(RdpOrders.TfPrivacyDpSgd).ComposePoissonGaussian(q, sigma, steps).Epsilon(delta);
        Assert.Equal(expected, result.Epsilon, 7);
        Assert.Equal(order, result.Order);
    }

    [Theory]
    // compute_dp_sgd_privacy_test.test_compute_dp_sgd_example_privacy (RDP rows with Poisson q = 1e-2):
    // 1.2 epochs -> ceil(1.2/0.01) = 120 steps, delta 1e-5, dp_accounting's default orders; microbatching halves sigma.
    [InlineData(0.7, 120, 1e-5, 3.2392676)]
    [InlineData(0.35, 120, 1e-5, 22.6248601)]
    public void ExamplePrivacyMatchesTfPrivacy(double sigma, long steps, double delta, double expected)
    {
        // The optimum here is at a fractional order, where dp_accounting sums |binomial| terms. With that
        // series we reproduce its figure; the exact (signed) series, which this accountant uses, is lower.
        var orders = RdpOrders.Default;
        var absolute = orders.Select(a => steps * (a == Math.Floor(a)
            ? SubsampledGaussianRdp.Rdp(0.01, sigma, a)
            : SubsampledGaussianRdp.LogAFractional(0.01, sigma, a, absoluteTerms: true) / (a - 1))).ToArray();
        Assert.Equal(expected, RdpConversion.Epsilon(orders, absolute, delta).Epsilon, 6);
        double exact = Epsilon(0.01, sigma, steps, delta);
        Assert.True(exact <= expected, $"{exact} > {expected}");
        Assert.True(exact > 0.99 * expected, $"{exact} is more than 1 % below {expected}");
    }

    [Fact]
    public void PrivacyStatementMatchesTfPrivacy()
    {
        // test_dp_sgd_privacy_statement_no_user_dp_with_rdp: 10000 examples, batch 64, 5 epochs, sigma 2 with
        // microbatching (so 1.0), Poisson q = 0.0064, ceil(5/0.0064) = 782 steps, delta 1e-6: "1.616".
        Assert.Equal(1.616, Math.Round(Epsilon(0.0064, 1.0, 782, 1e-6), 3));
    }

    [Fact]
    public void AbadiMomentsAccountantFigure()
    {
        // Abadi et al. 2016, Sec 3.1: q = 0.01, sigma = 4, delta = 1e-5, T = 10000 gives eps ≈ 1.26 with the
        // moments accountant (integer moments up to 32 and the classic conversion). The tight conversion is lower.
        var orders = Enumerable.Range(2, 31).Select(o => (double)o).ToArray();
        var accountant = new RdpAccountant(orders).ComposePoissonGaussian(0.01, 4, 10000);
        double classic = RdpConversion.ClassicEpsilon(accountant.Orders, accountant.Rdp, 1e-5).Epsilon;
        Assert.Equal(1.26, Math.Round(classic, 2));
        Assert.True(accountant.Epsilon(1e-5).Epsilon < classic);
    }

    // The parameters of test_compute_log_a_equals_mp (both repositories): log A_α against an independent
    // evaluation of the defining integral E_{z~N(0,σ²)}[((1-q) + q e^{(2z-1)/(2σ²)})^α], rtol 1e-4, atol 1e-8.
    [Theory]
    [InlineData(1e-7, 0.1, 1.01)]
    [InlineData(1e-6, 0.1, 256.0)]
    [InlineData(1e-5, 0.1, 256.1)]
    [InlineData(1e-6, 1.0, 27.0)]
    [InlineData(1e-4, 1.0, 1.5)]
    [InlineData(1e-3, 1.0, 2.0)]
    [InlineData(0.01, 10.0, 20.0)]
    [InlineData(0.1, 100.0, 20.5)]
    [InlineData(0.99, 0.1, 256.0)]
    [InlineData(0.999, 100.0, 256.1)]
    [InlineData(0.01, 2.5, 1.5)]
    [InlineData(0.01, 0.7, 3.3)]
    [InlineData(0.2, 1.1, 7.7)]
    public void LogAEqualsTheIntegral(double q, double sigma, double alpha)
    {
        double series = SubsampledGaussianRdp.LogA(q, sigma, alpha);
        double integral = LogAByQuadrature(q, sigma, alpha);
        Assert.True(Math.Abs(series - integral) <= 1e-8 + 1e-4 * Math.Abs(integral), $"series {series}, integral {integral}");
    }

    /// <summary>Trapezoid rule in log space on a fine grid around the integrand's peak: for this smooth,
    /// rapidly decaying integrand its error is far below the tolerance.</summary>
    static double LogAByQuadrature(double q, double sigma, double alpha)
    {
        double s2 = sigma * sigma;
        double LogF(double z)
        {
            double u = (2 * z - 1) / (2 * s2);
            double logRatio = u > 0 ? u + Math.Log(q + (1 - q) * Math.Exp(-u)) : Math.Log((1 - q) + q * Math.Exp(u));
            return -z * z / (2 * s2) - 0.5 * Math.Log(2 * Math.PI * s2) + alpha * logRatio;
        }
        // The peak lies between 0 and where the q·e^{u} term dominates: cover both generously.
        double lo = -12 * sigma, hi = Math.Max(12 * sigma, alpha + 12 * sigma + 1);
        int n = 400_000;
        double h = (hi - lo) / n, max = double.NegativeInfinity;
        var values = new double[n + 1];
        for (int i = 0; i <= n; i++) { values[i] = LogF(lo + i * h); max = Math.Max(max, values[i]); }
        double sum = 0;
        for (int i = 0; i <= n; i++) sum += (i == 0 || i == n ? 0.5 : 1) * Math.Exp(values[i] - max);
        return max + Math.Log(sum * h);
    }

    [Fact]
    public void EpsilonAndDeltaAreConsistent()
    {
        // dp_accounting test_epsilon_delta_consistency: delta(epsilon(delta)) = delta whenever epsilon is finite
        // and positive, over orders 2..49, q in {0, 0.01, 0.1, 0.8, 1}, sigma in {0.1, 1, 10, 100}.
        var orders = Enumerable.Range(2, 48).Select(o => (double)o).ToArray();
        foreach (double q in new[] { 0, 0.01, 0.1, 0.8, 1 })
            foreach (double sigma in new[] { 0.1, 1.0, 10, 100 })
            {
                var accountant = new RdpAccountant(orders).ComposePoissonGaussian(q, sigma);
                foreach (double delta in new[] { 0.99, 0.9, 0.1, 0.01, 1e-3, 1e-5, 1e-9, 1e-12 })
                {
                    double eps = accountant.Epsilon(delta).Epsilon;
                    double back = accountant.Delta(eps).Delta;
                    if (double.IsPositiveInfinity(eps)) Assert.Equal(1.0, back);
                    else if (eps == 0) Assert.True(back <= delta);
                    else Assert.Equal(delta, back, 7);
                }
            }
    }

    [Fact]
    public void StateRoundTripsAndComposesOn()
    {
        var accountant = new RdpAccountant().ComposePoissonGaussian(0.02, 1.1, 40);
        var restored = RdpAccountant.FromState(accountant.State).ComposePoissonGaussian(0.02, 1.1, 60);
        var straight = new RdpAccountant().ComposePoissonGaussian(0.02, 1.1, 100);
        for (int i = 0; i < straight.Rdp.Count; i++)
            Assert.True(Math.Abs(straight.Rdp[i] - restored.Rdp[i]) <= 1e-13 * straight.Rdp[i], $"order {straight.Orders[i]}: {restored.Rdp[i]} vs {straight.Rdp[i]}");
        var bad = accountant.State with { Rdp = [1.0] };
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => RdpAccountant.FromState(bad)).ParamName);
    }

    [Fact]
    public void BadInputNamesTheParameter()
    {
        Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => SubsampledGaussianRdp.Rdp(1.5, 1, 2)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => SubsampledGaussianRdp.Rdp(0.1, -1, 2)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => SubsampledGaussianRdp.Rdp(0.1, 1, 1)).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new RdpAccountant().Epsilon(-1)).ParamName);
    }
}
