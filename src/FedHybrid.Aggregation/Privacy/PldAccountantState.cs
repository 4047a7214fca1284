namespace FedHybrid.Aggregation.Privacy;

/// <summary>Everything a <see cref="PldAccountant"/> needs to resume: its discretization and the composed
/// events (sampling rate, noise multiplier, steps), as parallel plain arrays for the checkpoint. The
/// distribution itself is recomputed from them.</summary>
public sealed record PldAccountantState(double Discretization, double[] SamplingRates, double[] NoiseMultipliers, long[] Steps);
