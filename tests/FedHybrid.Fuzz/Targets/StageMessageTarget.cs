using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The stage-message decoder, which reads every sealed part and reply. An accepted message must
/// encode back to its own bytes (one encoding per message).</summary>
public sealed class StageMessageTarget : IFuzzTarget
{
    public string Name => "stage-message";

    public void Run(ReadOnlySpan<byte> input)
    {
        var message = StageMessageCodec.Decode(input);
        if (StageMessageCodec.EncodedSize(message) != input.Length || !StageMessageCodec.Encode(message).AsSpan().SequenceEqual(input))
            throw new FuzzInvariantException("An accepted stage message does not encode back to its bytes.");
    }

    public bool IsRejection(Exception exception) => exception is MalformedPayloadException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        yield return ("empty-shared", StageMessageCodec.Encode(new StageMessage(StageMessageKind.Shared, "run", 1, "fit", "run/r1/s1-fit", "",
            StageConfig.Empty, StagePayload.Empty)));
        yield return ("fit-reply", StageMessageCodec.Encode(new StageMessage(StageMessageKind.Reply, "run", 2, "fit", "run/r2/s1-fit", "client-1",
            StageConfig.Empty.With("sample_count", 600L).With("train_loss", 0.5).With("local_steps", 19L),
            StagePayload.OfVectors(("delta", [0.5f, -0.5f, 1e-3f, 0, 2, -2, 3, 1e6f])))));
        yield return ("instruction", StageMessageCodec.Encode(new StageMessage(StageMessageKind.Instruction, "run", 1, "share-mask", "run/r1/s2-share-mask", "client-2",
            StageConfig.Empty.With("peer", "client-3").With("secure", true).With("epochs", 1L),
            new StagePayload(new Dictionary<string, float[]> { ["control"] = [float.NaN, -0f] }, new Dictionary<string, byte[]> { ["peer_key"] = [1, 2, 3] }))));
    }
}
