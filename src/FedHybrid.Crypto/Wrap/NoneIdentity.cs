using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>Opening a <c>none</c> envelope requires this identity, so a receiver holding a real key never
/// accepts a downgraded plaintext envelope by accident.</summary>
public sealed class NoneIdentity : IIdentity
{
    public SuiteId Suite => SuiteId.None;
    public IRecipient Recipient { get; } = new NoneRecipient();

    public byte[] Unwrap(Stanza stanza, ReadOnlySpan<byte> context) =>
        stanza.Body.IsEmpty ? [] : throw new MalformedEnvelopeException($"A 'none' stanza must be empty, got {stanza.Body.Length} bytes.");

    public byte[] ExportPkcs8PrivateKey() => throw new InvalidKeyException("The 'none' suite has no private key to export.");

    public void Dispose() { }
}
