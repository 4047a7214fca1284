using System.Collections.Concurrent;
using FedHybrid.Learning.Training;

namespace FedHybrid.Federation.Training;

/// <summary>The training workers a client host's virtual clients share: at most <see cref="Workers"/> of them train or
/// evaluate at once (the coordinator's schedule rations slots too; this keeps one host from oversubscribing its cores
/// whatever the coordinator asks). The workers keep their models between clients: building the CNN cost about 18 ms
/// of a core and a fresh 6.6 MB of weights each time (docs/BENCHMARKS.md), and a model carries nothing from one client
/// to the next (every fit and evaluation writes all its weights first, and the models hold no other state).</summary>
public sealed class TrainingPool(int workers) : IDisposable
{
    readonly SemaphoreSlim _slots = new(Math.Max(1, workers), Math.Max(1, workers));
    // At most one idle learner per worker and (model, threads): one is taken only while a slot is held.
    readonly ConcurrentDictionary<(string Model, int Threads), ConcurrentBag<LocalLearner>> _idle = new();
    volatile bool _disposed;

    public int Workers { get; } = Math.Max(1, workers);

    public T Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        _slots.Wait(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a slot on a learner of <paramref name="model"/> that this pool keeps for
    /// the next caller (built on first use).</summary>
    public T Run<T>(string model, int threads, Func<LocalLearner, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(() =>
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var idle = _idle.GetOrAdd((model, threads), _ => []);
            var learner = idle.TryTake(out var kept) ? kept : new LocalLearner(model, threads);
            try
            {
                return work(learner);
            }
            finally
            {
                // A learner lent out while the pool was disposed has no pool to go back to.
                if (_disposed)
                    learner.Dispose();
                else
                    idle.Add(learner);
            }
        }, cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var learners in _idle.Values)
            while (learners.TryTake(out var learner))
                learner.Dispose();
        _slots.Dispose();
    }
}
