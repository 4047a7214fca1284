using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Federation.Security;

/// <summary>Turns a <see cref="PublicIdentity"/>'s key bytes into the crypto layer's key objects, through
/// Crypto's one import path (<see cref="Suite.ImportRecipient"/>, <see cref="SignatureAlgorithms.ImportVerificationKey"/>).</summary>
static class PublicKeys
{
    public static EnvelopeRecipient Recipient(PublicIdentity identity, SuiteId suite) => new(identity.Id, Suite.ImportRecipient(suite, identity.EnvelopeKey));

    /// <summary>The verifier of the algorithm the signing key was made with (its OID says which).</summary>
    public static IVerificationKey Verifier(PublicIdentity identity) => SignatureAlgorithms.ImportVerificationKey(identity.SigningKey);

    public static OpenedEnvelope ToOpened(Crypto.Envelopes.OpenedEnvelope opened) =>
        new(opened.Header.RunId, checked((long)opened.Header.Round), opened.Header.SenderId, opened.Header.EnvelopeId.ToString("x32", null), opened.Plaintext);

    /// <summary>Opens an envelope from <paramref name="sender"/>: the sender and its key are the caller's
    /// and always enforced; run and round are left unchecked here (null), so the caller judges the
    /// authenticated ones that come back and decides what a mismatch means.</summary>
    public static OpenedEnvelope Open(EnvelopeOpener opener, ReadOnlySpan<byte> envelope, PublicIdentity sender)
    {
        try
        {
            return ToOpened(opener.Open(envelope, new ExpectedEnvelope(null, null, sender.Id, Verifier(sender))));
        }
        catch (InvalidKeyException e)
        {
            throw new AuthenticationFailedException($"the provisioned key of '{sender.Id}' is unusable: {e.Message}", e);
        }
    }
}
