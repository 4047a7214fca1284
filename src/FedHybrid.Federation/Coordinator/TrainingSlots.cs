namespace FedHybrid.Federation.Coordinator;

/// <summary>How many clients may train at once, so that more clients than cores train in turns
/// instead of oversubscribing the machine.</summary>
public sealed class TrainingSlots
{
    readonly SemaphoreSlim _slots;

    public TrainingSlots(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _slots = new SemaphoreSlim(count, count);
    }

    public int Count { get; }

    /// <summary>Waits for a free slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(_slots);
    }

    sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
