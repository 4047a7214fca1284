namespace FedHybrid.Federation.Security;

/// <summary>A client's side of the envelopes. Open methods throw a FedHybrid.Crypto.CryptoException
/// (or subclass) when the envelope does not verify.</summary>
public interface IClientCrypto
{
    string Suite { get; }

    /// <summary>This client's public identity, presented at join.</summary>
    PublicIdentity Identity { get; }

    /// <summary>Verifies the coordinator's signature on a published model and opens this client's copy.</summary>
    OpenedEnvelope OpenModel(ReadOnlySpan<byte> envelope, PublicIdentity coordinator);

    /// <summary>Signs the <see cref="JoinProof"/> message for <paramref name="challenge"/> with this
    /// client's signing key: the proof at join that it holds the key it presents.</summary>
    byte[] ProveJoin(ReadOnlySpan<byte> challenge, string runId);

    /// <summary>Seals an update to the coordinator, authenticated as this client.</summary>
    byte[] SealUpdate(EnvelopeContext context, ReadOnlySpan<byte> payload, PublicIdentity coordinator);
}
