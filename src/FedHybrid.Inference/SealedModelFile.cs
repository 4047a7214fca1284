using System.Buffers.Binary;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Deployment;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Inference;

/// <summary>Opens the final model a coordinator writes (<c>final-model.sealed</c>: a ModelPayload
/// sealed at rest to the coordinator's own key and signed by it) with the coordinator's kit.</summary>
public static class SealedModelFile
{
    /// <summary>The model's weights and its name (given, or recognised from the parameter count).</summary>
    public static (string ModelName, float[] Weights) Open(string path, CoordinatorKit kit, string? modelName = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: model file not found", path);
        var envelope = File.ReadAllBytes(path);
        using var keys = ParticipantKeys.Load(kit.Directory, KitFiles.CoordinatorId, kit.Suite);
        using var crypto = new CoordinatorCrypto(keys, RekeyPolicy.Message, maxParallelism: 1);
        var payload = crypto.OpenAtRest(envelope).Payload;
        // The coordinator seals its checkpoint to the same key: recognise it before reading a
        // parameter count out of the checkpoint's state.
        if (payload.AsSpan().StartsWith("FHCK"u8))
            throw new MalformedPayloadException($"{path} is a coordinator checkpoint, not a final model: serve final-model.sealed");
        if (payload.Length < 16 || !payload.AsSpan().StartsWith("FHMD"u8))
            throw new MalformedPayloadException($"{path} does not hold a model payload (no FHMD header)");
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(8));
        if (count != (ulong)(payload.Length - 16) / sizeof(float))
            throw new MalformedPayloadException($"{path}: the model payload names {count} parameters but holds {(payload.Length - 16) / sizeof(float)}");
        var name = modelName ?? TorchPredictor.ModelForParameterCount((long)count);
        return (name, ModelPayload.Decode(payload, (int)count));
    }
}
