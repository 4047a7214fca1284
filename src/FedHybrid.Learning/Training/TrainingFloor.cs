using System.Diagnostics;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Training;

/// <summary>
/// The floor libtorch sets for training: the bare loop (shuffle, slice a batch, forward, loss, backward, SGD step,
/// nothing else) over tensors built beforehand, one single-threaded loop per core, all at once. Simulation efficiency is
/// this floor's time for a round's training work divided by the round's wall time.
/// </summary>
public static class TrainingFloor
{
    /// <summary>Samples a second that <paramref name="workers"/> bare loops train together, each on its own model and its
    /// own <paramref name="samplesPerWorker"/> images of <paramref name="data"/> (wrapping around), after an untimed epoch.
    /// Sets libtorch's intra-op threads to 1 (process-wide), as each client trains.</summary>
    public static double SamplesPerSecond(string model, LabeledImages data, int batch, int workers, int samplesPerWorker,
        double learningRate = 0.01, double momentum = 0.9)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerWorker, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        torch.set_num_threads(1);
        var tensors = new ImageTensors[workers];
        var models = new nn.Module<Tensor, Tensor>[workers];
        try
        {
            for (int w = 0; w < workers; w++)
            {
                var indices = Enumerable.Range(w * samplesPerWorker, samplesPerWorker).Select(i => i % data.Count).ToArray();
                tensors[w] = new ImageTensors(data.Subset(indices));
                models[w] = ModelFactory.Create(model);
            }
            // A whole untimed epoch first, every worker at once: with a few batches of warm-up the first timed epoch in a
            // fresh process ran 25-40 % slower than the same epoch after a run.
            RunAll(workers, w => BareEpoch(models[w], tensors[w].Images, tensors[w].Labels, batch, learningRate, momentum, seed: workers + w));
            var clock = Stopwatch.StartNew();
            RunAll(workers, w => BareEpoch(models[w], tensors[w].Images, tensors[w].Labels, batch, learningRate, momentum, seed: w));
            return (double)workers * samplesPerWorker / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var t in tensors) t?.Dispose();
            foreach (var m in models) m?.Dispose();
        }
    }

    /// <summary>One epoch of the bare loop. <see cref="SgdOptimizer"/> is torch.optim.SGD's arithmetic without its
    /// temporary Scalars, which a collection may finalize mid-call when several loops share a process.</summary>
    public static void BareEpoch(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int batch, double learningRate, double momentum, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        using var optimizer = new SgdOptimizer(model.parameters().ToArray(), learningRate, momentum, 0);
        using var generator = new torch.Generator((ulong)seed);
        long n = images.shape[0];
        using var order = torch.randperm(n, generator: generator);
        model.train();
        for (long start = 0; start < n; start += batch)
        {
            using var scope = torch.NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(batch, n - start));
            optimizer.ZeroGrad();
            var loss = nn.functional.cross_entropy(model.forward(images.index_select(0, index)), labels.index_select(0, index));
            loss.backward();
            optimizer.Step();
            loss.item<float>();
        }
    }

    // Own threads rather than the pool: every worker must run at the same time.
    static void RunAll(int workers, Action<int> work)
    {
        var errors = new Exception?[workers];
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            try { work(w); }
            catch (Exception e) { errors[w] = e; }
        }) { IsBackground = true }).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            throw new InvalidOperationException($"a bare training loop failed: {error.Message}", error);
    }
}
