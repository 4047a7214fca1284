namespace FedHybrid.Federation.Client;

/// <summary>A training slot the coordinator granted: dispose it to give the slot back. <see cref="YieldAfter"/> is
/// how long the client may train before it gives the slot back and asks again (zero: until its fit ends).</summary>
public sealed class TrainingSlotLease(TimeSpan yieldAfter, Func<ValueTask> release) : IAsyncDisposable
{
    int _released;

    public TimeSpan YieldAfter { get; } = yieldAfter;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
}
