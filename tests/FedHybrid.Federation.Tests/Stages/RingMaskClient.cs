using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>One client's side of <see cref="RingMaskStrategy"/>: a value, a random mask with a random
/// marker (so a test can look for the mask's plaintext in what the coordinator held), and its handlers.</summary>
sealed class RingMaskClient(float value)
{
    public float Value { get; } = value;

    /// <summary>An integer mask, so that the masked sum is exact in float32.</summary>
    public float Mask { get; } = RandomNumberGenerator.GetInt32(1, 1 << 20);

    /// <summary>32 random bytes sealed with the mask: if the coordinator ever held the plaintext, they show.</summary>
    public byte[] Marker { get; } = RandomNumberGenerator.GetBytes(32);

    public float ReceivedMask { get; private set; } = float.NaN;

    public byte[]? ReceivedMarker { get; private set; }

    public IEnumerable<IStageHandler> Handlers() =>
    [
        new Handler(RingMaskStrategy.Advertise, w => Answer(Blobs(("envelope_key", w.Crypto.Identity.EnvelopeKey), ("signing_key", w.Crypto.Identity.SigningKey)))),
        new Handler(RingMaskStrategy.Share, w =>
        {
            var peer = new PublicIdentity(w.Config.Text("peer"), w.Own.Blob("peer_envelope_key"), w.Own.Blob("peer_signing_key"));
            var plaintext = new byte[4 + Marker.Length];
            BinaryPrimitives.WriteSingleLittleEndian(plaintext, Mask);
            Marker.CopyTo(plaintext, 4);
            var sealedMask = w.Crypto.SealToPeer(new EnvelopeContext(w.Task.RunId, w.Task.Round, w.Task.ClientId), plaintext, peer);
            return Answer(Blobs(("sealed_mask", sealedMask)));
        }),
        new Handler(RingMaskStrategy.Relay, w =>
        {
            var from = new PublicIdentity(w.Config.Text("from"), w.Own.Blob("peer_envelope_key"), w.Own.Blob("peer_signing_key"));
            var opened = w.Crypto.OpenFromPeer(w.Own.Blob("relayed_mask"), from);
            if (opened.Sender != from.Id || opened.RunId != w.Task.RunId || opened.Round != w.Task.Round)
                throw new InvalidOperationException("the relayed mask is not from the expected peer, run and round");
            ReceivedMask = BinaryPrimitives.ReadSingleLittleEndian(opened.Payload);
            ReceivedMarker = opened.Payload[4..];
            return Answer(StagePayload.Empty);
        }),
        new Handler(RingMaskStrategy.MaskedInput, _ => Answer(StagePayload.OfVectors(("y", [Value + Mask - ReceivedMask])))),
    ];

    static StageAnswer Answer(StagePayload payload) => new(StageConfig.Empty, payload);

    static StagePayload Blobs(params (string Name, byte[] Bytes)[] blobs) =>
        new(new Dictionary<string, float[]>(), blobs.ToDictionary(b => b.Name, b => b.Bytes, StringComparer.Ordinal));

    sealed class Handler(string stage, Func<StageWork, StageAnswer> answer) : IStageHandler
    {
        public string Stage => stage;

        public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken) => Task.FromResult(answer(work));
    }
}
