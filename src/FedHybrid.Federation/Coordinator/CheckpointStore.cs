using System.Buffers.Binary;
using System.Text.Json;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// Checkpoints sealed to the coordinator's own key, replaced atomically after every completed round.
/// Plaintext: "FHCK", version 1 (u32), JSON length (u32), JSON state, then the weights as
/// little-endian float32.
/// </summary>
public sealed class CheckpointStore
{
    const uint Magic = 0x4B434846; // "FHCK"
    public const string FileName = "checkpoint.sealed";
    readonly ICoordinatorCrypto _crypto;

    public CheckpointStore(string directory, ICoordinatorCrypto crypto)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        _crypto = crypto;
    }

    public string Path { get; }

    public bool Exists => File.Exists(Path);

    public void Save(CoordinatorCheckpoint checkpoint)
    {
        var state = JsonSerializer.SerializeToUtf8Bytes(new State(checkpoint.SeenEnvelopes, checkpoint.Rounds, checkpoint.Clients), StateJson);
        var payload = new byte[12 + state.Length + checkpoint.Weights.Length * sizeof(float)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), state.Length);
        state.CopyTo(payload.AsSpan(12));
        ModelPayload.WriteFloats(checkpoint.Weights, payload.AsSpan(12 + state.Length));
        var sealedBytes = _crypto.SealAtRest(new EnvelopeContext(checkpoint.RunId, checkpoint.Round, "coordinator"), payload);
        AtomicFile.WriteAllBytes(Path, sealedBytes);
    }

    /// <summary>Opens the checkpoint; throws a CryptoException if it was tampered with and
    /// <see cref="MalformedPayloadException"/> if it is not a checkpoint.</summary>
    public CoordinatorCheckpoint Load()
    {
        var opened = _crypto.OpenAtRest(File.ReadAllBytes(Path));
        var payload = opened.Payload.AsSpan();
        if (payload.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(payload) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) != 1)
            throw new MalformedPayloadException($"{Path} is not a version 1 checkpoint");
        int stateLength = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
        if (stateLength < 0 || 12 + stateLength > payload.Length || (payload.Length - 12 - stateLength) % sizeof(float) != 0)
            throw new MalformedPayloadException($"{Path} has an inconsistent state length");
        var state = JsonSerializer.Deserialize<State>(payload.Slice(12, stateLength), StateJson)
            ?? throw new MalformedPayloadException($"{Path} has an empty state");
        var weights = ModelPayload.ReadFloats(payload[(12 + stateLength)..]);
        return new CoordinatorCheckpoint(opened.RunId, checked((int)opened.Round), weights, state.SeenEnvelopes, state.Rounds, state.Clients);
    }

    // A metric that was not measured (NaN) is null, as in summary.json: no value can make Save throw.
    static readonly JsonSerializerOptions StateJson = new() { Converters = { new NotMeasuredAsNull() } };

    sealed record State(IReadOnlyList<string> SeenEnvelopes, IReadOnlyList<RoundMetrics> Rounds, IReadOnlyList<ClientRoundRecord> Clients);
}
