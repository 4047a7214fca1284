namespace FedHybrid.Federation.Client.Stages;

/// <summary>
/// A fit's hold on a training slot, taken in turns. <see cref="YieldIfDue"/>, which the training loop calls between
/// batches, gives the slot back once the grant's time slice is spent and waits for it again behind the clients already
/// waiting, so that five clients on two slots all finish at about 5/2 of a fit's time instead of in three waves. What
/// the fit computes does not change (each client trains alone on its own thread and seed), only when it runs.
/// </summary>
public sealed class TrainingTurns : IAsyncDisposable
{
    readonly Func<CancellationToken, Task<TrainingSlotLease>> _acquire;
    readonly TimeProvider _time;
    readonly CancellationToken _cancellationToken;
    TrainingSlotLease _lease;
    long _grantedAt;

    TrainingTurns(Func<CancellationToken, Task<TrainingSlotLease>> acquire, TimeProvider time, CancellationToken cancellationToken, TrainingSlotLease lease)
    {
        _acquire = acquire;
        _time = time;
        _cancellationToken = cancellationToken;
        _lease = lease;
        _grantedAt = time.GetTimestamp();
    }

    /// <summary>Waits for the first turn.</summary>
    public static async Task<TrainingTurns> BeginAsync(Func<CancellationToken, Task<TrainingSlotLease>> acquire, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acquire);
        ArgumentNullException.ThrowIfNull(time);
        var lease = await acquire(cancellationToken).ConfigureAwait(false);
        return new TrainingTurns(acquire, time, cancellationToken, lease);
    }

    /// <summary>Times the slot was given back and taken again.</summary>
    public int Yields { get; private set; }

    /// <summary>Time spent waiting for the slot again after giving it back (not training).</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>Gives the slot back and blocks until it is granted again, when the time slice is spent; otherwise
    /// returns at once. Called on the training thread, between batches.</summary>
    public void YieldIfDue()
    {
        if (_lease.YieldAfter <= TimeSpan.Zero || _time.GetElapsedTime(_grantedAt) < _lease.YieldAfter)
            return;
        long start = _time.GetTimestamp();
        _lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _lease = _acquire(_cancellationToken).GetAwaiter().GetResult();
        Waited += _time.GetElapsedTime(start);
        Yields++;
        _grantedAt = _time.GetTimestamp();
    }

    public ValueTask DisposeAsync() => _lease.DisposeAsync();
}
