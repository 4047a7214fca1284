namespace FedHybrid.Crypto;

/// <summary>A key is malformed, of the wrong size or type, or fails its validity checks
/// (e.g. an X25519 public key that yields the all-zero shared secret).</summary>
public sealed class InvalidKeyException : CryptoException
{
    public InvalidKeyException(string message) : base(message) { }
    public InvalidKeyException(string message, Exception inner) : base(message, inner) { }
}
