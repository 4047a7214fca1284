using FedHybrid.Federation.Payloads;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The global-model payload decoder, for the parameter count the input's length implies and for a
/// fixed one; whatever it accepts must encode back to the very same bytes.</summary>
public sealed class ModelPayloadTarget : IFuzzTarget
{
    const int FixedCount = 10;

    public string Name => "model-payload";

    public void Run(ReadOnlySpan<byte> input)
    {
        int implied = Math.Max(0, (input.Length - 16) / sizeof(float));
        MalformedPayloadException? first = null;
        foreach (int expected in new[] { implied, FixedCount })
        {
            try
            {
                var weights = ModelPayload.Decode(input, expected);
                if (weights.Length != expected)
                    throw new FuzzInvariantException($"Decoded {weights.Length} parameters, expected {expected}.");
                if (!ModelPayload.Encode(weights).AsSpan().SequenceEqual(input))
                    throw new FuzzInvariantException("An accepted model payload does not encode back to its bytes.");
            }
            catch (MalformedPayloadException e)
            {
                first ??= e;
            }
        }
        if (first is not null) throw first;
    }

    public bool IsRejection(Exception exception) => exception is MalformedPayloadException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        yield return ("empty", ModelPayload.Encode([]));
        yield return ("ten", ModelPayload.Encode(Enumerable.Range(0, FixedCount).Select(i => i * 0.25f - 1).ToArray()));
        yield return ("specials", ModelPayload.Encode([float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue]));
    }
}
