namespace FedHybrid.Crypto.Suites;

/// <summary>A private key that unwraps stanzas addressed to it (age's Identity).</summary>
public interface IIdentity : IDisposable
{
    SuiteId Suite { get; }
    /// <summary>The public half.</summary>
    IRecipient Recipient { get; }
    /// <summary>The data key in <paramref name="stanza"/>; throws <see cref="NotForThisRecipientException"/>
    /// when the stanza was not wrapped for this key (or with another context), and
    /// <see cref="MalformedEnvelopeException"/> when it has the wrong shape.</summary>
    byte[] Unwrap(Stanza stanza, ReadOnlySpan<byte> context);
    /// <summary>DER PKCS#8 PrivateKeyInfo (unencrypted); see <see cref="Keys.KeyFiles"/> for PEM and passphrases.</summary>
    byte[] ExportPkcs8PrivateKey();
}
