using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// What every strategy of the fit family is configured with, after Flower's FedAvg: how many clients
/// train and evaluate each round, and how many accepted updates a round needs. A strategy's options
/// record derives from this one and adds its own hyperparameters, each one property with its rule.
/// </summary>
public abstract record FitOptions
{
    /// <summary>Fraction of the clients sampled to train each round.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double FractionFit { get; init; } = 1.0;

    /// <summary>At least this many are sampled (all, when fewer exist).</summary>
    [Range(1, int.MaxValue)]
    public int MinFitClients { get; init; } = 1;

    /// <summary>A round aggregates only with this many accepted updates; otherwise it keeps the model.</summary>
    [Range(1, int.MaxValue)]
    public int MinUpdates { get; init; } = 1;

    /// <summary>Fraction of the clients asked to evaluate the new model on their own data (0: none).</summary>
    [Range(0.0, 1.0)]
    public double FractionEvaluate { get; init; }

    /// <summary>At least this many evaluate, when <see cref="FractionEvaluate"/> is above 0.</summary>
    [Range(1, int.MaxValue)]
    public int MinEvaluateClients { get; init; } = 1;
}
