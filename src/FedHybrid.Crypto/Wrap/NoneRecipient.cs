using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>The <c>none</c> suite: no key, an empty stanza, a plaintext body. Insecure by design; for
/// measuring overhead only. It has no key file.</summary>
internal sealed class NoneRecipient : IRecipient
{
    public SuiteId Suite => SuiteId.None;

    /// <summary>The suite has no public key: only an empty key is one of its keys.</summary>
    public static NoneRecipient Import(ReadOnlySpan<byte> spki) =>
        spki.IsEmpty ? new NoneRecipient() : throw new InvalidKeyException($"The 'none' suite has no public key, got {spki.Length} key bytes.");

    public Stanza Wrap(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> context) => new(ReadOnlyMemory<byte>.Empty);

    public byte[] ExportSubjectPublicKeyInfo() => throw new InvalidKeyException("The 'none' suite has no public key to export.");
}
