namespace FedHybrid.Inference;

/// <summary>Latency of one (batch, mode) cell, in milliseconds; <paramref name="Mode"/> is
/// "plaintext", "sealed, fresh context" or "sealed, cached context".</summary>
public sealed record InferenceLatency(int Batch, string Mode, int Requests, double P50Ms, double P99Ms, double MeanMs);
