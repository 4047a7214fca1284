namespace FedHybrid.Federation.Security;

/// <summary>The coordinator's side of the envelopes. Every open method throws a
/// FedHybrid.Crypto.CryptoException (or subclass) when the envelope does not authenticate.</summary>
public interface ICoordinatorCrypto
{
    string Suite { get; }

    /// <summary>The coordinator's own public identity, handed to clients at join.</summary>
    PublicIdentity Identity { get; }

    /// <summary>Seals a stage part once for all <paramref name="recipients"/> (one encryption, a key wrap
    /// each), signed by the coordinator.</summary>
    byte[] SealForClients(EnvelopeContext context, ReadOnlySpan<byte> payload, IReadOnlyList<PublicIdentity> recipients);

    /// <summary>Opens a client's reply and authenticates it as sent by <paramref name="sender"/>.</summary>
    OpenedEnvelope OpenReply(ReadOnlySpan<byte> envelope, PublicIdentity sender);

    /// <summary>Seals data at rest (checkpoints, the final model) to the coordinator's own key.</summary>
    byte[] SealAtRest(EnvelopeContext context, ReadOnlySpan<byte> payload);

    /// <summary>Opens what <see cref="SealAtRest"/> sealed.</summary>
    OpenedEnvelope OpenAtRest(ReadOnlySpan<byte> envelope);
}
