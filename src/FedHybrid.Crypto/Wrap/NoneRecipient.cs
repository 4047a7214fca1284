using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>The <c>none</c> suite: no key, an empty stanza, a plaintext body. Insecure by design; for
/// measuring overhead only. It has no key file.</summary>
public sealed class NoneRecipient : IRecipient
{
    public SuiteId Suite => SuiteId.None;

    public Stanza Wrap(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> context) => new(ReadOnlyMemory<byte>.Empty);

    public byte[] ExportSubjectPublicKeyInfo() => throw new InvalidKeyException("The 'none' suite has no public key to export.");
}
