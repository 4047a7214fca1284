using FedHybrid.Inference;
using Xunit;

namespace FedHybrid.Inference.Tests;

public sealed class InferenceBenchmarkTests
{
    [Theory]
    [InlineData(InferenceTransport.InProcess)]
    [InlineData(InferenceTransport.Cleartext)]
    public async Task EveryTransport_MeasuresEveryCell_AfterCheckingTheSealedModesAgainstPlaintext(InferenceTransport transport)
    {
        var options = new InferenceBenchmarkOptions(Requests: 3, Warmup: 1, Model: "mlp2nn", Batches: [1, 2], Transport: transport);
        var results = await InferenceBenchmark.RunAsync(options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(6, results.Count);
        foreach (var batch in new[] { 1, 2 })
            Assert.Equal(
                new[] { InferenceBenchmark.Plaintext, InferenceBenchmark.SealedFresh, InferenceBenchmark.SealedCached }.Order(StringComparer.Ordinal),
                results.Where(r => r.Batch == batch).Select(r => r.Mode).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Equal(3, r.Requests);
            Assert.True(r.P50Ms > 0 && r.P50Ms <= r.P99Ms, $"{r.Mode} at batch {r.Batch}: p50 {r.P50Ms}, p99 {r.P99Ms}");
        });
    }
}
