using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>One provisioned client as the coordinator sees it: its session token once joined, and the
/// stage task it should be working on. A client that reconnects receives its pending task again, with
/// the time it has left.</summary>
public sealed class ClientSession
{
    readonly Lock _lock = new();
    readonly TimeProvider _time;
    StageTask? _pending;
    DateTimeOffset _deadline;
    int _version;
    int _uploading;
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClientSession(PublicIdentity identity, TimeProvider? time = null)
    {
        Identity = identity;
        _time = time ?? TimeProvider.System;
    }

    public PublicIdentity Identity { get; }

    public string ClientId => Identity.Id;

    /// <summary>The current session token, or null before the first join.</summary>
    public string? Token { get; internal set; }

    public bool Joined => Token is not null;

    /// <summary>Claims the client's one upload slot: a client streams one reply at a time, so the
    /// buffers it can make the coordinator hold are bounded by one reply's size.</summary>
    public bool TryBeginUpload() => Interlocked.CompareExchange(ref _uploading, 1, 0) == 0;

    public void EndUpload() => Volatile.Write(ref _uploading, 0);

    /// <summary>Whether an upload holds the slot now.</summary>
    public bool Uploading => Volatile.Read(ref _uploading) == 1;

    /// <summary>Makes <paramref name="task"/> the client's pending task, due by <paramref name="deadline"/>
    /// on the coordinator's clock, and wakes its feed.</summary>
    public void Push(StageTask task, DateTimeOffset deadline)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _pending = task;
            _deadline = deadline;
            _version++;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>Drops the pending task if it is <paramref name="taskId"/> (done, or the stage closed); a
    /// later stage's task already pushed is kept.</summary>
    public void Clear(string taskId)
    {
        lock (_lock)
            if (_pending is not null && _pending.TaskId == taskId)
                _pending = null;
    }

    /// <summary>Waits for a pending task newer than <paramref name="seenVersion"/> (0 = any); its
    /// deadline_ms is the time left now.</summary>
    public async Task<(StageTask Task, int Version)> NextAsync(int seenVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_pending is not null && _version > seenVersion)
                {
                    var left = _deadline - _time.GetUtcNow();
                    var task = _pending.Clone();
                    task.DeadlineMs = task.Finished ? 0 : (ulong)Math.Max(0, (long)left.TotalMilliseconds);
                    return (task, _version);
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
