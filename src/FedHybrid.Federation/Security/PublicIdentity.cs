namespace FedHybrid.Federation.Security;

/// <summary>A participant's id and public keys, in the crypto layer's public-key encoding: the key
/// envelopes are sealed to, and the key its signatures and sender authentication verify under.</summary>
public sealed record PublicIdentity(string Id, byte[] EnvelopeKey, byte[] SigningKey)
{
    /// <summary>True when both keys are byte-for-byte those of <paramref name="other"/> (constant time).</summary>
    public bool SameKeysAs(PublicIdentity other) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(EnvelopeKey, other.EnvelopeKey)
        & System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(SigningKey, other.SigningKey);
}
