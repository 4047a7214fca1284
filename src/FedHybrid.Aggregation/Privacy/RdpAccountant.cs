namespace FedHybrid.Aggregation.Privacy;

/// <summary>Rényi-DP accountant: sums RDP over composed steps (Mironov 2017, Proposition 1) at a fixed list of
/// orders and converts with <see cref="RdpConversion"/>. Assumes add-or-remove-one adjacency and, for
/// <see cref="ComposePoissonGaussian"/>, Poisson sampling of the cohort.</summary>
public sealed class RdpAccountant
{
    readonly double[] _orders;
    readonly double[] _rdp;

    /// <summary>An accountant with nothing spent, over <paramref name="orders"/> (default <see cref="RdpOrders.Default"/>).</summary>
    public RdpAccountant(IReadOnlyList<double>? orders = null)
    {
        _orders = (orders ?? RdpOrders.Default).ToArray();
        if (_orders.Length == 0) throw new ArgumentException("at least one Rényi order is needed", nameof(orders));
        for (int i = 0; i < _orders.Length; i++)
            if (!(_orders[i] > 1)) throw new ArgumentOutOfRangeException(nameof(orders), _orders[i], $"orders[{i}]: a Rényi order must be greater than 1.");
        _rdp = new double[_orders.Length];
    }

    /// <summary>Resumes from a saved state.</summary>
    public static RdpAccountant FromState(RdpAccountantState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Rdp.Length != state.Orders.Length)
            throw new ArgumentException($"state has {state.Orders.Length} orders but {state.Rdp.Length} RDP values", nameof(state));
        var accountant = new RdpAccountant(state.Orders);
        for (int i = 0; i < state.Rdp.Length; i++)
        {
            if (!(state.Rdp[i] >= 0)) throw new ArgumentOutOfRangeException(nameof(state), state.Rdp[i], $"state.Rdp[{i}] must be non-negative.");
            accountant._rdp[i] = state.Rdp[i];
        }
        return accountant;
    }

    public IReadOnlyList<double> Orders => _orders;

    /// <summary>RDP spent so far, one value per order.</summary>
    public IReadOnlyList<double> Rdp => _rdp;

    /// <summary><paramref name="steps"/> rounds of the Poisson-subsampled Gaussian mechanism.</summary>
    public RdpAccountant ComposePoissonGaussian(double q, double sigma, long steps = 1)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be non-negative.");
        if (steps == 0) return this;
        var one = SubsampledGaussianRdp.Rdp(q, sigma, _orders);
        for (int i = 0; i < _rdp.Length; i++) _rdp[i] += steps * one[i];
        return this;
    }

    /// <summary><paramref name="count"/> repetitions of a mechanism whose RDP at each of <see cref="Orders"/> is
    /// <paramref name="rdpPerOrder"/> (e.g. the distributed discrete Gaussian or Skellam terms).</summary>
    public RdpAccountant ComposeRdp(IReadOnlyList<double> rdpPerOrder, long count = 1)
    {
        if (rdpPerOrder.Count != _orders.Length)
            throw new ArgumentException($"{rdpPerOrder.Count} RDP values for {_orders.Length} orders", nameof(rdpPerOrder));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be non-negative.");
        for (int i = 0; i < _rdp.Length; i++)
        {
            if (!(rdpPerOrder[i] >= 0)) throw new ArgumentOutOfRangeException(nameof(rdpPerOrder), rdpPerOrder[i], $"rdpPerOrder[{i}] must be non-negative.");
            if (count > 0) _rdp[i] += count * rdpPerOrder[i];
        }
        return this;
    }

    public PrivacyGuarantee Epsilon(double delta) => RdpConversion.Epsilon(_orders, _rdp, delta);

    public PrivacyGuarantee Delta(double epsilon) => RdpConversion.Delta(_orders, _rdp, epsilon);

    public RdpAccountantState State => new((double[])_orders.Clone(), (double[])_rdp.Clone());
}
