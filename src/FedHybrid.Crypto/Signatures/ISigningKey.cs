namespace FedHybrid.Crypto.Signatures;

/// <summary>A private signing key. Signatures are randomized or deterministic as the algorithm defines;
/// callers cannot choose nonces.</summary>
public interface ISigningKey : IDisposable
{
    SignatureAlgorithm Algorithm { get; }
    /// <summary>The matching public key.</summary>
    IVerificationKey VerificationKey { get; }
    /// <summary>Length of every signature this key makes (fixed per algorithm and key size).</summary>
    int SignatureSize { get; }
    byte[] Sign(ReadOnlySpan<byte> message);
    /// <summary>DER PKCS#8 PrivateKeyInfo (unencrypted); see <see cref="Keys.KeyFiles"/> for PEM and passphrases.</summary>
    byte[] ExportPkcs8PrivateKey();
}
