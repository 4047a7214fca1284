using FedHybrid.Federation.Payloads;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The client-update payload decoder. An accepted payload must carry exactly the parameter count
/// it declares and encode back to its own bytes.</summary>
public sealed class UpdatePayloadTarget : IFuzzTarget
{
    public string Name => "update-payload";

    public void Run(ReadOnlySpan<byte> input)
    {
        var (delta, samples) = UpdatePayload.Decode(input, out long count);
        if (delta.Length != count)
            throw new FuzzInvariantException($"Accepted an update declaring {count} parameters that carries {delta.Length}.");
        if (!UpdatePayload.Encode(delta, samples).AsSpan().SequenceEqual(input))
            throw new FuzzInvariantException("An accepted update payload does not encode back to its bytes.");
    }

    public bool IsRejection(Exception exception) => exception is MalformedPayloadException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        yield return ("empty", UpdatePayload.Encode([], 0));
        yield return ("eight", UpdatePayload.Encode([0.5f, -0.5f, 1e-3f, 0, 2, -2, 3, 1e6f], 600));
        yield return ("specials", UpdatePayload.Encode([float.NaN, float.PositiveInfinity, -0f], -1));
    }
}
