namespace FedHybrid.Aggregation.Privacy;

/// <summary>Privacy-loss-distribution accountant for the Poisson-subsampled Gaussian mechanism under
/// add-or-remove-one adjacency: each distinct (q, σ) is discretized with <see cref="SubsampledGaussianPld"/>
/// in both directions, all steps are composed with <see cref="PldComposition"/>, and the reported figure is
/// the worse of the two directions. Every figure is an upper bound (pessimistic discretization, tails charged
/// to δ); the overestimate shrinks with the discretization interval (see docs/privacy.md for measured gaps).</summary>
public sealed class PldAccountant
{
    /// <summary>dp_accounting's default value_discretization_interval.</summary>
    public const double DefaultDiscretization = 1e-4;

    readonly List<(double Q, double Sigma, long Steps)> _events = [];
    PrivacyLossPmf? _remove, _add;

    public PldAccountant(double discretization = DefaultDiscretization)
    {
        if (!(discretization > 0 && discretization <= 1))
            throw new ArgumentOutOfRangeException(nameof(discretization), discretization, "The discretization interval must be in (0, 1].");
        Discretization = discretization;
    }

    public static PldAccountant FromState(PldAccountantState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int n = state.SamplingRates.Length;
        if (state.NoiseMultipliers.Length != n || state.Steps.Length != n)
            throw new ArgumentException($"state arrays differ in length ({n}, {state.NoiseMultipliers.Length}, {state.Steps.Length})", nameof(state));
        var accountant = new PldAccountant(state.Discretization);
        for (int i = 0; i < n; i++) accountant.ComposePoissonGaussian(state.SamplingRates[i], state.NoiseMultipliers[i], state.Steps[i]);
        return accountant;
    }

    public double Discretization { get; }

    /// <summary>Total steps composed so far.</summary>
    public long Steps => _events.Sum(e => e.Steps);

    public PldAccountant ComposePoissonGaussian(double q, double sigma, long steps = 1)
    {
        SubsampledGaussianRdp.Validate(q, sigma);
        if (sigma == 0 && q > 0) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The PLD accountant needs a positive noise multiplier (sigma = 0 is not private).");
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be non-negative.");
        if (steps == 0 || q == 0) return this;
        int last = _events.Count - 1;
        if (last >= 0 && _events[last].Q == q && _events[last].Sigma == sigma)
            _events[last] = (q, sigma, _events[last].Steps + steps);
        else
            _events.Add((q, sigma, steps));
        _remove = _add = null;
        return this;
    }

    public PrivacyGuarantee Epsilon(double delta)
    {
        var (remove, add) = Composed();
        double eps = Math.Max(remove.EpsilonForDelta(delta), add.EpsilonForDelta(delta));
        return new PrivacyGuarantee(eps, delta, double.NaN);
    }

    public PrivacyGuarantee Delta(double epsilon)
    {
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        var (remove, add) = Composed();
        return new PrivacyGuarantee(epsilon, Math.Max(remove.DeltaForEpsilon(epsilon), add.DeltaForEpsilon(epsilon)), double.NaN);
    }

    public PldAccountantState State => new(Discretization,
        _events.Select(e => e.Q).ToArray(), _events.Select(e => e.Sigma).ToArray(), _events.Select(e => e.Steps).ToArray());

    (PrivacyLossPmf Remove, PrivacyLossPmf Add) Composed()
    {
        if (_remove is null || _add is null)
        {
            _remove = Compose(PldDirection.Remove);
            _add = Compose(PldDirection.Add);
        }
        return (_remove, _add);
    }

    PrivacyLossPmf Compose(PldDirection direction)
    {
        // Steps with equal (q, σ) share one discretized distribution.
        var parts = _events.GroupBy(e => (e.Q, e.Sigma))
            .Select(g => (SubsampledGaussianPld.Discretize(g.Key.Q, g.Key.Sigma, direction, Discretization), g.Sum(e => e.Steps)))
            .ToList();
        return parts.Count == 0 ? new PrivacyLossPmf(Discretization, 0, [1.0], 0) : PldComposition.Compose(parts);
    }
}
