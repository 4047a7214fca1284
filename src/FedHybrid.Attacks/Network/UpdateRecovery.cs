using System.Runtime.InteropServices;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// Recovers update vectors from captured replies with nothing but the bytes: the envelope header is
/// plaintext (docs/envelope.md 1.1), so the body's place is known; a suite-none body is the stage message
/// itself (docs/protocol.md, "Payloads") and decodes to the exact delta. For an encrypting suite the best an
/// eavesdropper can do without the key is to take the ciphertext bytes in the places the plaintext's delta
/// would occupy (counter mode keeps positions: chunk i's plaintext byte j is its ciphertext byte j); that is
/// the guess returned.
/// </summary>
public static class UpdateRecovery
{
    public const string DeltaVector = "delta";

    public static IReadOnlyList<RecoveredUpdate> FromCapture(WireCapture capture, string stage = "fit") =>
        capture.Replies.Where(r => r.Stage == stage).Select(r => Recover(r, capture.ParameterCount)).ToArray();

    public static RecoveredUpdate Recover(CapturedReply reply, long parameterCount)
    {
        var layout = EnvelopeLayout.TryParse(reply.Envelope);
        if (layout is null)
            return new RecoveredUpdate(reply.ClientId, reply.Round, null, false, [], ReadOnlyMemory<byte>.Empty);
        var body = reply.Envelope.AsMemory(layout.BodyOffset, (int)layout.BodyLength);
        if (!layout.Encrypted)
        {
            try
            {
                var message = StageMessageCodec.Decode(body.Span);
                if (message.Payload.Vectors.TryGetValue(DeltaVector, out var delta))
                    return new RecoveredUpdate(reply.ClientId, reply.Round, layout, true, delta, body);
            }
            catch (MalformedPayloadException)
            {
            }
        }
        return new RecoveredUpdate(reply.ClientId, reply.Round, layout, false, Positional(reply.Envelope, layout, parameterCount), body);
    }

    /// <summary>The float32s at the delta's place in the plaintext layout of a fit reply whose only vector is the
    /// delta and that has no blob: it ends the message, before the 4-byte blob count.</summary>
    static float[] Positional(byte[] envelope, EnvelopeLayout layout, long parameterCount)
    {
        long start = layout.PlaintextLength - 4 - 4 * parameterCount;
        if (parameterCount <= 0 || start < 0)
            return [];
        var bytes = new byte[4 * parameterCount];
        for (long i = 0; i < bytes.Length; i++)
            bytes[i] = envelope[layout.EnvelopeOffsetOf(start + i)];
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
