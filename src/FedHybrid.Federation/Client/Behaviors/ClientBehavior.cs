using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>
/// How a client departs from the protocol, to test and attack the coordinator's defences: hooks on the
/// model it receives, the data it trains on, the delta it computes and the envelope it sends. An honest client has none.
/// Each behaviour is one file, found by name in <see cref="ClientBehaviors"/>.
/// </summary>
public abstract class ClientBehavior
{
    public abstract string Name { get; }

    /// <summary>The opened global model of a fit stage, before training (may be changed in place).</summary>
    public virtual void OnModel(StageTaskInfo task, float[] global)
    {
    }

    /// <summary>The client's shard just before a fit trains on it; returns what the fit trains on instead (a copy:
    /// the shard itself is shared between rounds and must not change).</summary>
    public virtual LabeledImages OnTrainingData(StageTaskInfo task, LabeledImages shard) => shard;

    /// <summary>The computed <c>delta = local - global</c>, before it is sealed (may be changed in place).</summary>
    public virtual void OnDelta(StageTaskInfo task, float[] delta)
    {
    }

    /// <summary>The sealed reply about to be sent; returns what is sent instead.</summary>
    public virtual byte[] OnEnvelope(StageTaskInfo task, byte[] envelope) => envelope;
}
