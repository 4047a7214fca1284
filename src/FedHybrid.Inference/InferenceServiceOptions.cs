namespace FedHybrid.Inference;

/// <summary>Whether the server also answers the plaintext baseline (benchmarks only).</summary>
public sealed record InferenceServiceOptions(bool AllowPlaintext = false);
