namespace FedHybrid.Federation.Coordinator;

/// <summary>How many clients may train at once, so that more clients than cores train in turns
/// instead of oversubscribing the machine. Waiters are served first come, first served; with a
/// <see cref="TimeSlice"/>, a training client gives its slot back after that long and queues again, so
/// the clients of a round share the slots round-robin.</summary>
public sealed class TrainingSlots
{
    readonly SemaphoreSlim _slots;

    public TrainingSlots(int count, TimeSpan timeSlice = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSlice, TimeSpan.Zero);
        Count = count;
        TimeSlice = timeSlice;
        _slots = new SemaphoreSlim(count, count);
    }

    public int Count { get; }

    /// <summary>How long a client may train before it gives its slot back and asks again; zero: until its fit ends.</summary>
    public TimeSpan TimeSlice { get; }

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
