namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>Flips one bit in the middle of each sealed reply before sending it: a tampered envelope.</summary>
public sealed class CorruptByteBehavior : ClientBehavior
{
    public override string Name => "corrupt-byte";

    public override byte[] OnEnvelope(StageTaskInfo task, byte[] envelope)
    {
        var corrupted = (byte[])envelope.Clone();
        corrupted[corrupted.Length / 2] ^= 0x01;
        return corrupted;
    }
}
