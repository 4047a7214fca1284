namespace FedHybrid.Aggregation;

/// <summary>One accepted client update: <c>delta = local - global</c> and the number of training
/// samples it was computed on (the FedAvg weight).</summary>
public sealed record FitResult(string ClientId, float[] Delta, long SampleCount);
