namespace FedHybrid.Inference;

/// <summary>What `fedhybrid bench inference` measures: <paramref name="Requests"/> timed requests per
/// (batch, mode) after <paramref name="Warmup"/> untimed ones, with the given model (untrained weights
/// from <paramref name="Seed"/>; latency does not depend on the weights' values).</summary>
public sealed record InferenceBenchmarkOptions(
    int Requests = 1000,
    int Warmup = 100,
    string Model = "cnn",
    IReadOnlyList<int>? Batches = null,
    InferenceTransport Transport = InferenceTransport.Cleartext,
    int Seed = 1)
{
    public IReadOnlyList<int> BatchSizes => Batches ?? [1, 64];
}
