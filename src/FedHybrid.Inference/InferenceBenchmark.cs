using System.Diagnostics;
using FedHybrid.Crypto.Inference;
using FedHybrid.Learning.Training;

namespace FedHybrid.Inference;

/// <summary>Measures sealed against plaintext inference (over gRPC on loopback, or in process: see
/// <see cref="InferenceTransport"/>), in one process and one run: every iteration sends one request of each (batch, mode) in turn, so drift in machine load
/// touches every mode alike.</summary>
public static class InferenceBenchmark
{
    public const string Plaintext = "plaintext";
    public const string SealedFresh = "sealed, fresh context";
    public const string SealedCached = "sealed, cached context";

    public static async Task<IReadOnlyList<InferenceLatency>> RunAsync(InferenceBenchmarkOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Requests < 1 || options.Warmup < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "requests must be >= 1 and warmup >= 0");
        float[] weights;
        using (var learner = new LocalLearner(options.Model, threads: 0, seed: options.Seed))
            weights = learner.InitialWeights();
        using var predictor = new TorchPredictor(options.Model, weights);
        var keyPair = InferenceKeyPair.Generate();
        using var server = new SealedInferenceServer(keyPair.PrivateKey, predictor);
        keyPair.Clear();

        await using var transport = await BenchmarkTransport.StartAsync(options.Transport, server, cancellationToken);
        using var fresh = new SealedInferenceClient(transport.Client, server.PublicKey, InferenceContextMode.Fresh);
        using var cached = new SealedInferenceClient(transport.Client, server.PublicKey, InferenceContextMode.Cached);

        var cells = new List<(int Batch, string Mode, Func<float[], Task<float[]>> Call, List<double> Samples)>();
        var inputs = new Dictionary<int, float[]>();
        foreach (var batch in options.BatchSizes)
        {
            var random = new Random(options.Seed + batch);
            var pixels = new float[batch * TensorCodec.PixelsPerImage];
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = (float)random.NextDouble();
            inputs[batch] = pixels;
            int b = batch;
            cells.Add((b, Plaintext, p => fresh.PredictPlaintextAsync(p, b, cancellationToken), []));
            cells.Add((b, SealedFresh, p => fresh.PredictAsync(p, b, cancellationToken), []));
            cells.Add((b, SealedCached, p => cached.PredictAsync(p, b, cancellationToken), []));
        }

        // Every mode must give the same answer before its speed means anything.
        foreach (var batch in options.BatchSizes)
        {
            var reference = await cells.First(c => c.Batch == batch && c.Mode == Plaintext).Call(inputs[batch]);
            foreach (var cell in cells.Where(c => c.Batch == batch && c.Mode != Plaintext))
                if (!Close(reference, await cell.Call(inputs[batch])))
                    throw new InvalidOperationException($"{cell.Mode} at batch {batch} returned different logits from plaintext");
        }

        // A fresh seeded shuffle each iteration: no cell always follows the same other one
        // (a fixed cycle would, e.g., always put one cell right after batch 64's garbage).
        var order = new Random(options.Seed);
        var shuffled = cells.ToArray();
        for (int iteration = 0; iteration < options.Warmup + options.Requests; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            order.Shuffle(shuffled);
            foreach (var cell in shuffled)
            {
                long start = Stopwatch.GetTimestamp();
                await cell.Call(inputs[cell.Batch]);
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (iteration >= options.Warmup)
                    cell.Samples.Add(ms);
            }
            if (progress is not null && (iteration + 1) % Math.Max(1, (options.Warmup + options.Requests) / 10) == 0)
                progress($"{iteration + 1}/{options.Warmup + options.Requests} iterations");
        }
        return cells.Select(c => new InferenceLatency(c.Batch, c.Mode, c.Samples.Count, Percentile(c.Samples, 0.50), Percentile(c.Samples, 0.99), c.Samples.Average())).ToArray();
    }

    static bool Close(float[] a, float[] b) => a.Length == b.Length && a.Zip(b).All(p => MathF.Abs(p.First - p.Second) <= 1e-4f);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double q)
    {
        if (samples.Count == 0)
            throw new ArgumentException("no samples", nameof(samples));
        var sorted = samples.Order().ToArray();
        int rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
