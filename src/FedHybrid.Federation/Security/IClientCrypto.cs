namespace FedHybrid.Federation.Security;

/// <summary>A client's side of the envelopes. Open methods throw a FedHybrid.Crypto.CryptoException
/// (or subclass) when the envelope does not verify.</summary>
public interface IClientCrypto
{
    string Suite { get; }

    /// <summary>This client's public identity, presented at join.</summary>
    PublicIdentity Identity { get; }

    /// <summary>Verifies the coordinator's signature on a stage part and opens this client's copy.</summary>
    OpenedEnvelope OpenFromCoordinator(ReadOnlySpan<byte> envelope, PublicIdentity coordinator);

    /// <summary>Signs the <see cref="JoinProof"/> message for <paramref name="challenge"/> with this
    /// client's signing key: the proof at join that it holds the key it presents.</summary>
    byte[] ProveJoin(ReadOnlySpan<byte> challenge, string runId);

    /// <summary>Seals a stage reply to the coordinator, authenticated as this client.</summary>
    byte[] SealReply(EnvelopeContext context, ReadOnlySpan<byte> payload, PublicIdentity coordinator);

    /// <summary>Seals <paramref name="payload"/> to another client, authenticated as this one: the
    /// coordinator relays it and cannot read it.</summary>
    byte[] SealToPeer(EnvelopeContext context, ReadOnlySpan<byte> payload, PublicIdentity peer);

    /// <summary>Seals state the client keeps between rounds to its own key (at rest in its state directory).</summary>
    byte[] SealAtRest(EnvelopeContext context, ReadOnlySpan<byte> payload);

    /// <summary>Opens what <see cref="SealAtRest"/> sealed, authenticated as this client's own.</summary>
    OpenedEnvelope OpenAtRest(ReadOnlySpan<byte> envelope);

    /// <summary>Opens what <paramref name="peer"/> sealed to this client with <see cref="SealToPeer"/>.</summary>
    OpenedEnvelope OpenFromPeer(ReadOnlySpan<byte> envelope, PublicIdentity peer);
}
