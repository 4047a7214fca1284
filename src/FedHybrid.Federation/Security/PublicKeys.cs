using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Federation.Security;

/// <summary>Turns a <see cref="PublicIdentity"/>'s key bytes into the crypto layer's key objects.</summary>
static class PublicKeys
{
    public static EnvelopeRecipient Recipient(PublicIdentity identity, SuiteId suite) => new(identity.Id, suite switch
    {
        SuiteId.None => new Crypto.Wrap.NoneRecipient(),
        SuiteId.Rsa4096OaepAes256Gcm => Crypto.Wrap.RsaOaepRecipient.ImportSubjectPublicKeyInfo(identity.EnvelopeKey),
        _ => Crypto.Wrap.HpkeRecipient.ImportSubjectPublicKeyInfo(suite, identity.EnvelopeKey),
    });

    public static IVerificationKey Verifier(PublicIdentity identity) =>
        Ed25519VerificationKey.ImportSubjectPublicKeyInfo(identity.SigningKey);

    public static OpenedEnvelope ToOpened(Crypto.Envelopes.OpenedEnvelope opened) =>
        new(opened.Header.RunId, checked((long)opened.Header.Round), opened.Header.SenderId, opened.Header.EnvelopeId.ToString("x32", null), opened.Plaintext);

    /// <summary>Opens with the claimed run and round taken from the (then authenticated) header, so the
    /// caller decides what a mismatch means; the sender and its key are always enforced.</summary>
    public static OpenedEnvelope Open(EnvelopeOpener opener, ReadOnlySpan<byte> envelope, PublicIdentity sender)
    {
        var header = EnvelopeOpener.PeekHeader(envelope);
        try
        {
            return ToOpened(opener.Open(envelope, new ExpectedEnvelope(header.RunId, header.Round, sender.Id, Verifier(sender))));
        }
        catch (InvalidKeyException e)
        {
            throw new AuthenticationFailedException($"the provisioned key of '{sender.Id}' is unusable: {e.Message}", e);
        }
    }
}
