using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Adaptive federated optimization (Reddi et al., ICLR 2021, Algorithm 2), the shared part of
/// FedAdagrad, FedAdam and FedYogi. With Delta the sample-weighted mean delta (the negative
/// pseudo-gradient): m = beta_1 * m + (1 - beta_1) * Delta, v by the subclass's rule, and
/// x = x + eta * m / (sqrt(v) + tau).
/// </summary>
/// <remarks>
/// Conventions, after the paper rather than Flower: v starts at tau^2 (the algorithm's
/// initialization v_{-1} &gt;= tau^2, at its smallest), where Flower starts v at 0; and there is no
/// bias correction (Algorithm 2 has none; Flower's newer FedAdam adds Kingma and Ba's). m starts at 0.
/// Delta is weighted by sample count, as FedAvg's (Algorithm 2 writes the plain mean; equal shards agree).
/// Each element is computed in double from the stored float values; m, v and x are rounded to float
/// once, and the rounded m and v are what the step uses and what the state keeps, so a resumed run
/// continues bit for bit. State: m and v.
/// </remarks>
public abstract class FedOpt : MeanDeltaStrategy
{
    public const string FirstMomentState = "m";
    public const string SecondMomentState = "v";

    static readonly string[] StateNames = [FirstMomentState, SecondMomentState];

    readonly double _eta, _beta1, _tau;
    float[]? _m, _v;

    protected FedOpt(FitOptions options, FitSettings settings, double eta, double beta1, double tau) : base(options, settings) =>
        (_eta, _beta1, _tau) = (eta, beta1, tau);

    /// <summary>The subclass's second-moment rule: the new v from the old one and this round's Delta.</summary>
    protected abstract double SecondMoment(double v, double delta);

    protected internal sealed override ServerStep MeanDeltaStep(RoundContext round, float[] delta)
    {
        var m0 = StateVector.OrZeros(_m, delta.Length, Name, FirstMomentState);
        var v0 = StateVector.OrFill(_v, delta.Length, (float)(_tau * _tau), Name, SecondMomentState);
        var m = new float[delta.Length];
        var v = new float[delta.Length];
        var next = new float[delta.Length];
        for (int j = 0; j < delta.Length; j++)
        {
            m[j] = (float)(_beta1 * m0[j] + (1 - _beta1) * delta[j]);
            v[j] = (float)SecondMoment(v0[j], delta[j]);
            next[j] = (float)(round.Global[j] + _eta * m[j] / (Math.Sqrt(v[j]) + _tau));
        }
        return new ServerStep(next, StateVector.Of((FirstMomentState, m), (SecondMomentState, v)));
    }

    protected sealed override StrategyState SaveStepState() =>
        _m is null || _v is null ? StrategyState.Empty : StateVector.Of((FirstMomentState, _m), (SecondMomentState, _v));

    protected sealed override void RestoreStepState(StrategyState state)
    {
        var vectors = StateVector.Read(state, Name, StateNames);
        _m = vectors.GetValueOrDefault(FirstMomentState);
        _v = vectors.GetValueOrDefault(SecondMomentState);
    }
}
