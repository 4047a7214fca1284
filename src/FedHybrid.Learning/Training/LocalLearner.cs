using System.Diagnostics;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Training;

/// <summary>
/// One model, trained and evaluated from flat weight vectors: what a federated client (and the
/// coordinator's evaluation) calls. Not thread-safe: one learner per thread. Datasets are turned
/// into tensors once and kept while the same <see cref="LabeledImages"/> instance is passed again.
/// </summary>
public sealed class LocalLearner : IDisposable
{
    // Forward passes of 100 images: on this 2-core machine the CNN evaluates about 6,000 images/s at 100 a pass and
    // 1,150 at 1,000 a pass (EvaluationThroughput, docs/BENCHMARKS.md), whose activations (100 MB) outgrow the caches.
    const int EvaluationBatch = 100;

    readonly nn.Module<Tensor, Tensor> model;
    readonly float[] initialWeights;
    ImageTensors? trainCache, evalCache;
    bool disposed;

    /// <param name="modelName">One of <see cref="ModelFactory.Names"/>.</param>
    /// <param name="threads">Intra-op threads for libtorch (process-wide); 0 keeps libtorch's default.</param>
    /// <param name="seed">Seeds torch's generator, so the initial weights are reproducible.</param>
    public LocalLearner(string modelName, int threads = 0, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ModelName = ModelFactory.Canonical(modelName);
        if (threads > 0) torch.set_num_threads(threads);
        torch.manual_seed(seed);
        model = ModelFactory.Create(ModelName);
        Layout = ParameterLayout.Of(model);
        initialWeights = ParameterVector.Read(model);
    }

    public string ModelName { get; }

    public ParameterLayout Layout { get; }

    public int ParameterCount => Layout.Count;

    /// <summary>Forward FLOPs per sample of this model (a training step costs about 3x).</summary>
    public long ForwardFlopsPerSample => ModelFactory.ForwardFlopsPerSample(ModelName);

    /// <summary>The freshly initialized weights (a copy).</summary>
    public float[] InitialWeights() => (float[])initialWeights.Clone();

    /// <summary>
    /// Trains from <paramref name="globalWeights"/> on <paramref name="shard"/> with plain SGD (fresh
    /// momentum each call, as a federated client does) and returns the new weights.
    /// </summary>
    public TrainingResult Fit(ReadOnlySpan<float> globalWeights, LabeledImages shard, TrainingOptions options,
        CancellationToken cancellationToken = default, Action<TrainingProgress>? progress = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (shard.Count == 0) throw new ArgumentException("cannot train on an empty shard", nameof(shard));
        var watch = Stopwatch.StartNew();
        ParameterVector.Write(model, globalWeights);
        var data = Cached(ref trainCache, shard);

        var parameters = model.parameters().ToArray();
        var correction = options.GradientCorrection is { } c ? ParameterVector.ToTensors(Layout, c) : null;
        var anchor = options.ProximalMu > 0 ? ParameterVector.ToTensors(Layout, globalWeights) : null;
        using var optimizer = new SgdOptimizer(parameters, options.LearningRate, options.Momentum, options.WeightDecay);
        using var mu = options.ProximalMu.ToScalar();
        using var generator = new torch.Generator(unchecked((ulong)options.Seed));
        int n = data.Count, batch = Math.Min(options.BatchSize, n), steps = 0;
        double lossSum = 0;
        model.train();
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                using var order = torch.randperm(n, generator: generator);
                for (int start = 0; start < n; start += batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int size = Math.Min(batch, n - start);
                    using var scope = torch.NewDisposeScope();
                    var index = order.narrow(0, start, size);
                    var x = data.Images.index_select(0, index);
                    var y = data.Labels.index_select(0, index);
                    optimizer.ZeroGrad();
                    var loss = nn.functional.cross_entropy(model.forward(x), y);
                    loss.backward();
                    if (anchor is not null) AddProximalGradient(parameters, anchor, mu);
                    optimizer.Step(correction);
                    double batchLoss = loss.item<float>();
                    lossSum += batchLoss * size;
                    steps++;
                    progress?.Invoke(new TrainingProgress(epoch, start + size, n, batchLoss));
                }
            }
        }
        finally
        {
            if (anchor is not null) foreach (var t in anchor) t.Dispose();
            if (correction is not null) foreach (var t in correction) t.Dispose();
        }
        var weights = ParameterVector.Read(model);
        return new TrainingResult(weights, lossSum / ((double)n * options.Epochs), n, steps, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Mean cross-entropy and accuracy of <paramref name="weights"/> on <paramref name="test"/>, forward passes of
    /// <paramref name="batch"/> images (0: the default).</summary>
    public EvaluationResult Evaluate(ReadOnlySpan<float> weights, LabeledImages test, int batch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (batch == 0) batch = EvaluationBatch;
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Count == 0) throw new ArgumentException("cannot evaluate on an empty dataset", nameof(test));
        ParameterVector.Write(model, weights);
        var data = Cached(ref evalCache, test);
        model.eval();
        double lossSum = 0;
        long correct = 0;
        using (torch.no_grad())
        {
            for (int start = 0; start < data.Count; start += batch)
            {
                using var scope = torch.NewDisposeScope();
                int size = Math.Min(batch, data.Count - start);
                var y = data.Labels.narrow(0, start, size);
                var logits = model.forward(data.Images.narrow(0, start, size));
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        return new EvaluationResult(lossSum / data.Count, (double)correct / data.Count, data.Count);
    }

    // FedProx: the gradient of mu/2 * ||w - w_global||^2 is mu * (w - w_global).
    // mu is a Scalar the caller owns: a temporary one could be finalized during the native call (see SgdOptimizer).
    static void AddProximalGradient(TorchSharp.Modules.Parameter[] parameters, Tensor[] anchor, Scalar mu)
    {
        using var noGrad = torch.no_grad();
        for (int i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].grad;
            if (grad is null) continue;
            using var difference = parameters[i].sub(anchor[i]);
            grad.add_(difference, alpha: mu);
        }
    }

    static ImageTensors Cached(ref ImageTensors? cache, LabeledImages data)
    {
        if (cache is not null && ReferenceEquals(cache.Source, data)) return cache;
        cache?.Dispose();
        cache = new ImageTensors(data);
        return cache;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        trainCache?.Dispose();
        evalCache?.Dispose();
        model.Dispose();
    }
}
