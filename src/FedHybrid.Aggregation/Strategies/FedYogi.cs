namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedYogi (Reddi et al., ICLR 2021): v = v - (1 - beta_2) * Delta^2 * sign(v - Delta^2), which
/// moves v towards Delta^2 by a bounded amount instead of averaging (Zaheer et al.'s Yogi). See
/// <see cref="FedOpt"/> for the rest and the conventions.</summary>
public sealed class FedYogi : FedOpt
{
    readonly double _beta2;

    public FedYogi(FedYogiOptions options, FitSettings settings)
        : base(options, settings, options.Eta, options.Beta1, options.Tau) => _beta2 = options.Beta2;

    public override string Name => "fedyogi";

    protected override double SecondMoment(double v, double delta)
    {
        double square = delta * delta;
        return v - (1 - _beta2) * square * Math.Sign(v - square);
    }
}
