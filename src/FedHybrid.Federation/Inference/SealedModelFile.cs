using System.Buffers.Binary;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Federation.Lab;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Inference;

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
        if (payload.Length < 16)
            throw new MalformedPayloadException($"{path}: the sealed model is too short to hold a model payload");
        long count = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(8)));
        var name = modelName ?? TorchPredictor.ModelForParameterCount(count);
        return (name, ModelPayload.Decode(payload, checked((int)count)));
    }
}
