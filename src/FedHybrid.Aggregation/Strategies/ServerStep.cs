namespace FedHybrid.Aggregation.Strategies;

/// <summary>What a server update rule proposes: the new global parameters and the strategy state that
/// goes with them (moments, control variate). <see cref="FitStrategy"/> adopts both only when every
/// value is finite, so a refused round leaves the model and the state as they were.</summary>
public sealed record ServerStep(float[] Parameters, StrategyState State);
