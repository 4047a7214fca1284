namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedAdagrad (Reddi et al., ICLR 2021): v = v + Delta^2, so every coordinate's step shrinks
/// with the squared updates it has seen. See <see cref="FedOpt"/> for the rest and the conventions.</summary>
public sealed class FedAdagrad(FedAdagradOptions options, FitSettings settings)
    : FedOpt(options, settings, (options ?? throw new ArgumentNullException(nameof(options))).Eta, options.Beta1, options.Tau)
{
    public override string Name => "fedadagrad";

    protected override double SecondMoment(double v, double delta) => v + delta * delta;
}
