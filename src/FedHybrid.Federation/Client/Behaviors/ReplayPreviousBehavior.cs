namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>From its second reply on, sends the previous sealed reply again instead of the new one.</summary>
public sealed class ReplayPreviousBehavior : ClientBehavior
{
    byte[]? _previous;

    public override string Name => "replay-previous";

    public override byte[] OnEnvelope(StageTaskInfo task, byte[] envelope)
    {
        var sent = _previous ?? envelope;
        _previous = envelope;
        return sent;
    }
}
