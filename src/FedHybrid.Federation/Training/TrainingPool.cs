namespace FedHybrid.Federation.Training;

/// <summary>The training workers a client host's virtual clients share: at most <see cref="Workers"/> of them train or
/// evaluate at once (the coordinator's schedule rations slots too; this keeps one host from oversubscribing its cores
/// whatever the coordinator asks).</summary>
public sealed class TrainingPool(int workers) : IDisposable
{
    readonly SemaphoreSlim _slots = new(Math.Max(1, workers), Math.Max(1, workers));

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

    public void Dispose() => _slots.Dispose();
}
