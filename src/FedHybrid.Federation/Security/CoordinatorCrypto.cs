using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Federation.Security;

/// <summary><see cref="ICoordinatorCrypto"/> over FedHybrid.Crypto envelopes: models sealed once for
/// all recipients and signed; updates opened and authenticated against each client's provisioned keys.</summary>
public sealed class CoordinatorCrypto : ICoordinatorCrypto, IDisposable
{
    readonly ParticipantKeys _keys;
    readonly EnvelopeSealer _sealer;
    readonly EnvelopeOpener _opener;
    readonly EnvelopeRecipient _self;

    public CoordinatorCrypto(ParticipantKeys keys, RekeyPolicy rekey, int maxParallelism)
    {
        _keys = keys;
        _sealer = new EnvelopeSealer(keys.Id, keys.Signing, rekey, maxParallelism);
        _opener = new EnvelopeOpener(keys.Id, keys.Envelope, replayGuard: null, rekey, maxParallelism, maxRecipients: 1);
        _self = PublicKeys.Recipient(keys.Public, keys.Suite);
    }

    public string Suite => Crypto.Suites.Suite.NameOf(_keys.Suite);

    public PublicIdentity Identity => _keys.Public;

    public byte[] SealForClients(EnvelopeContext context, ReadOnlySpan<byte> payload, IReadOnlyList<PublicIdentity> recipients) =>
        _sealer.Seal(context.RunId, checked((ulong)context.Round), recipients.Select(r => PublicKeys.Recipient(r, _keys.Suite)).ToArray(), payload);

    public OpenedEnvelope OpenReply(ReadOnlySpan<byte> envelope, PublicIdentity sender) => PublicKeys.Open(_opener, envelope, sender);

    public byte[] SealAtRest(EnvelopeContext context, ReadOnlySpan<byte> payload) =>
        _sealer.Seal(context.RunId, checked((ulong)context.Round), _self, payload);

    public OpenedEnvelope OpenAtRest(ReadOnlySpan<byte> envelope) => PublicKeys.Open(_opener, envelope, _keys.Public);

    public void Dispose()
    {
        _sealer.Dispose();
        _opener.Dispose();
    }
}
