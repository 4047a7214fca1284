using System.Buffers.Binary;
using System.Text.Json;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// Checkpoints sealed to the coordinator's own key, replaced atomically after every completed round.
/// Plaintext: "FHCK", version 2 (u32), JSON length (u32), JSON state (seen envelope ids and the metrics
/// so far; a value not measured written as null), strategy-state length (u32), the strategy's state as a stage message
/// of kind State, then the weights as little-endian float32.
/// </summary>
public sealed class CheckpointStore
{
    const uint Magic = 0x4B434846; // "FHCK"
    const uint Version = 2;
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
        var state = JsonSerializer.SerializeToUtf8Bytes(new State(checkpoint.SeenEnvelopes, checkpoint.Rounds, checkpoint.Stages, checkpoint.Clients), Json);
        var strategy = StageMessageCodec.Encode(new StageMessage(StageMessageKind.State, checkpoint.RunId, checkpoint.Round, "", "", "",
            checkpoint.StrategyState.Scalars, new StagePayload(checkpoint.StrategyState.Vectors, new Dictionary<string, byte[]>())));
        var payload = new byte[16 + state.Length + strategy.Length + checkpoint.Weights.Length * sizeof(float)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), state.Length);
        state.CopyTo(payload.AsSpan(12));
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(12 + state.Length), strategy.Length);
        strategy.CopyTo(payload.AsSpan(16 + state.Length));
        ModelPayload.WriteFloats(checkpoint.Weights, payload.AsSpan(16 + state.Length + strategy.Length));
        var sealedBytes = _crypto.SealAtRest(new EnvelopeContext(checkpoint.RunId, checkpoint.Round, StageEngine.CoordinatorId), payload);
        AtomicFile.WriteAllBytes(Path, sealedBytes);
    }

    /// <summary>Opens the checkpoint; throws a CryptoException if it was tampered with and
    /// <see cref="MalformedPayloadException"/> if it is not a checkpoint.</summary>
    public CoordinatorCheckpoint Load()
    {
        var opened = _crypto.OpenAtRest(File.ReadAllBytes(Path));
        var payload = opened.Payload.AsSpan();
        if (payload.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(payload) != Magic)
            throw new MalformedPayloadException($"{Path} is not a checkpoint");
        if (BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) != Version)
            throw new MalformedPayloadException($"{Path} is a checkpoint of format version {BinaryPrimitives.ReadUInt32LittleEndian(payload[4..])}, this build reads {Version}");
        int stateLength = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
        if (stateLength < 0 || 16L + stateLength > payload.Length)
            throw new MalformedPayloadException($"{Path} has an inconsistent state length");
        int strategyLength = BinaryPrimitives.ReadInt32LittleEndian(payload[(12 + stateLength)..]);
        long weightsStart = 16L + stateLength + strategyLength;
        if (strategyLength < 0 || weightsStart > payload.Length || (payload.Length - weightsStart) % sizeof(float) != 0)
            throw new MalformedPayloadException($"{Path} has an inconsistent strategy-state length");
        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(payload.Slice(12, stateLength), Json)
                ?? throw new MalformedPayloadException($"{Path} has an empty state");
        }
        catch (JsonException e)
        {
            throw new MalformedPayloadException($"{Path} has an unreadable state: {e.Message}");
        }
        var strategy = StageMessageCodec.Decode(payload.Slice(16 + stateLength, strategyLength));
        if (strategy.Kind != StageMessageKind.State)
            throw new MalformedPayloadException($"{Path} holds a {strategy.Kind} message where the strategy state belongs");
        var weights = ModelPayload.ReadFloats(payload[(int)weightsStart..]);
        return new CoordinatorCheckpoint(opened.RunId, checked((int)opened.Round), weights, new StrategyState(strategy.Config, strategy.Payload.Vectors),
            state.SeenEnvelopes, state.Rounds, state.Stages, state.Clients);
    }

    // A metric that was not measured (NaN) is null, as in summary.json: no value can make Save throw.
    static readonly JsonSerializerOptions Json = RunFileNaming.Json;

    sealed record State(IReadOnlyList<string> SeenEnvelopes, IReadOnlyList<RoundMetrics> Rounds, IReadOnlyList<StageMetrics> Stages,
        IReadOnlyList<ClientRoundRecord> Clients);
}
