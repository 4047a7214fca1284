using FedHybrid.Federation.Protocol;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// Everything the proxy saw, safe to fill from concurrent calls: every message, each reply reassembled, and
/// what joining says in the clear (the model's parameter count). Task ids map to their round and stage, so
/// a part download, which names only the task, is recorded under its round.
/// </summary>
public sealed class WireCapture
{
    readonly Lock _lock = new();
    readonly List<WireMessage> _messages = [];
    readonly List<CapturedReply> _replies = [];
    readonly List<ForwardedVerdict> _verdicts = [];
    readonly Dictionary<string, (int Round, string Stage)> _tasks = new(StringComparer.Ordinal);
    long _sequence;

    /// <summary>The parameter count the coordinator announced at join (JoinResponse, in the clear); 0 before any join.</summary>
    public long ParameterCount { get; private set; }

    public IReadOnlyList<WireMessage> Messages
    {
        get
        {
            lock (_lock)
                return [.. _messages];
        }
    }

    public IReadOnlyList<CapturedReply> Replies
    {
        get
        {
            lock (_lock)
                return [.. _replies];
        }
    }

    /// <summary>The coordinator's answer to every reply the proxy forwarded.</summary>
    public IReadOnlyList<ForwardedVerdict> Verdicts
    {
        get
        {
            lock (_lock)
                return [.. _verdicts];
        }
    }

    /// <summary>Fires after a reply is captured (the tamperer waits on it to replay another client's reply).</summary>
    public event Action<CapturedReply>? ReplyCaptured;

    public void Record(WireDirection direction, string rpc, string clientId, int round, string stage, Google.Protobuf.IMessage message)
    {
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(message);
        lock (_lock)
        {
            _messages.Add(new WireMessage(++_sequence, direction, rpc, clientId, round, stage, bytes));
            switch (message)
            {
                case JoinResponse join:
                    ParameterCount = (long)join.ParameterCount;
                    break;
                case StageTask task when !task.Finished:
                    _tasks[task.TaskId] = ((int)task.Round, task.Stage);
                    break;
            }
        }
    }

    public CapturedReply RecordReply(ReplyMetadata metadata, byte[] envelope)
    {
        CapturedReply reply;
        lock (_lock)
        {
            reply = new CapturedReply(++_sequence, metadata.ClientId, (int)Math.Min(metadata.Round, int.MaxValue), metadata.Stage, metadata.TaskId, envelope);
            _replies.Add(reply);
        }
        ReplyCaptured?.Invoke(reply);
        return reply;
    }

    public void RecordVerdict(ForwardedVerdict verdict)
    {
        lock (_lock)
            _verdicts.Add(verdict);
    }

    /// <summary>The round and stage of a task the proxy saw announced, or (0, "") for one it did not.</summary>
    public (int Round, string Stage) Task(string taskId)
    {
        lock (_lock)
            return _tasks.TryGetValue(taskId, out var found) ? found : (0, "");
    }

    /// <summary>Messages and bytes per call and direction, for a report.</summary>
    public IReadOnlyList<WireTraffic> Traffic()
    {
        lock (_lock)
            return _messages.GroupBy(m => (m.Rpc, m.Direction))
                .OrderBy(g => g.Key.Rpc, StringComparer.Ordinal).ThenBy(g => g.Key.Direction)
                .Select(g => new WireTraffic(g.Key.Rpc, g.Key.Direction, g.Count(), g.Sum(m => (long)m.Bytes.Length)))
                .ToArray();
    }
}
