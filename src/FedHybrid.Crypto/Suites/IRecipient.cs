namespace FedHybrid.Crypto.Suites;

/// <summary>A public key that wraps a data key for its holder (age's Recipient). Each suite is one
/// recipient/identity pair; a single-recipient envelope is the N = 1 case of the multi-recipient one.</summary>
public interface IRecipient
{
    SuiteId Suite { get; }
    /// <summary>Wraps <paramref name="fileKey"/>, binding <paramref name="context"/> where the suite can
    /// (HPKE info). Randomized: no caller-chosen nonce or ephemeral key.</summary>
    Stanza Wrap(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> context);
    /// <summary>DER X.509 SubjectPublicKeyInfo.</summary>
    byte[] ExportSubjectPublicKeyInfo();
}
