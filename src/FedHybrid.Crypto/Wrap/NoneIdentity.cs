using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>Opening a <c>none</c> envelope requires this identity, so a receiver holding a real key never
/// accepts a downgraded plaintext envelope by accident.</summary>
internal sealed class NoneIdentity : IIdentity
{
    public SuiteId Suite => SuiteId.None;
    public IRecipient Recipient { get; } = new NoneRecipient();

    /// <summary>The suite has no private key: only an empty key is one of its keys.</summary>
    public static NoneIdentity Import(ReadOnlySpan<byte> pkcs8) =>
        pkcs8.IsEmpty ? new NoneIdentity() : throw new InvalidKeyException($"The 'none' suite has no private key, got {pkcs8.Length} key bytes.");

    public byte[] Unwrap(Stanza stanza, ReadOnlySpan<byte> context) =>
        stanza.Body.IsEmpty ? [] : throw new MalformedEnvelopeException($"A 'none' stanza must be empty, got {stanza.Body.Length} bytes.");

    public byte[] ExportPkcs8PrivateKey() => throw new InvalidKeyException("The 'none' suite has no private key to export.");

    public void Dispose() { }
}
