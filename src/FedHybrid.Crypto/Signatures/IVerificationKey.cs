namespace FedHybrid.Crypto.Signatures;

/// <summary>A public key that checks signatures. <see cref="Verify"/> returns false for any bad
/// signature, including one of the wrong length or encoding; it never throws for bad signatures.</summary>
public interface IVerificationKey
{
    SignatureAlgorithm Algorithm { get; }
    bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
    /// <summary>DER X.509 SubjectPublicKeyInfo.</summary>
    byte[] ExportSubjectPublicKeyInfo();
}
