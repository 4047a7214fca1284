using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Federation.Security;

/// <summary><see cref="IClientCrypto"/> over FedHybrid.Crypto envelopes.</summary>
public sealed class ClientCrypto : IClientCrypto, IDisposable
{
    readonly ParticipantKeys _keys;
    readonly EnvelopeSealer _sealer;
    readonly EnvelopeOpener _opener;

    public ClientCrypto(ParticipantKeys keys, RekeyPolicy rekey, int maxParallelism)
    {
        _keys = keys;
        _sealer = new EnvelopeSealer(keys.Id, keys.Signing, rekey, maxParallelism);
        _opener = new EnvelopeOpener(keys.Id, keys.Envelope, replayGuard: null, rekey, maxParallelism);
    }

    public string Suite => Crypto.Suites.Suite.NameOf(_keys.Suite);

    public PublicIdentity Identity => _keys.Public;

    public OpenedEnvelope OpenFromCoordinator(ReadOnlySpan<byte> envelope, PublicIdentity coordinator) => PublicKeys.Open(_opener, envelope, coordinator);

    public byte[] ProveJoin(ReadOnlySpan<byte> challenge, string runId) =>
        _keys.Signing.Sign(JoinProof.Message(challenge, runId, Suite, Identity));

    public byte[] SealReply(EnvelopeContext context, ReadOnlySpan<byte> payload, PublicIdentity coordinator) =>
        _sealer.Seal(context.RunId, checked((ulong)context.Round), PublicKeys.Recipient(coordinator, _keys.Suite), payload);

    public byte[] SealAtRest(EnvelopeContext context, ReadOnlySpan<byte> payload) =>
        _sealer.Seal(context.RunId, checked((ulong)context.Round), PublicKeys.Recipient(_keys.Public, _keys.Suite), payload);

    public OpenedEnvelope OpenAtRest(ReadOnlySpan<byte> envelope) => PublicKeys.Open(_opener, envelope, _keys.Public);

    public byte[] SealToPeer(EnvelopeContext context, ReadOnlySpan<byte> payload, PublicIdentity peer) =>
        _sealer.Seal(context.RunId, checked((ulong)context.Round), PublicKeys.Recipient(peer, _keys.Suite), payload);

    public OpenedEnvelope OpenFromPeer(ReadOnlySpan<byte> envelope, PublicIdentity peer) => PublicKeys.Open(_opener, envelope, peer);

    public void Dispose()
    {
        _sealer.Dispose();
        _opener.Dispose();
    }
}
