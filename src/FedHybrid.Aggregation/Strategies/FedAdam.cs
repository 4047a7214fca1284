namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedAdam (Reddi et al., ICLR 2021): v = beta_2 * v + (1 - beta_2) * Delta^2, an exponential
/// average of the squared updates. See <see cref="FedOpt"/> for the rest and the conventions.</summary>
public sealed class FedAdam : FedOpt
{
    readonly double _beta2;

    public FedAdam(FedAdamOptions options, FitSettings settings)
        : base(options, settings, options.Eta, options.Beta1, options.Tau) => _beta2 = options.Beta2;

    public override string Name => "fedadam";

    protected override double SecondMoment(double v, double delta) => _beta2 * v + (1 - _beta2) * delta * delta;
}
