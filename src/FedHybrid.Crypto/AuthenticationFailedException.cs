namespace FedHybrid.Crypto;

/// <summary>A ciphertext, tag, key commitment or signature did not verify: the data was tampered
/// with, truncated, reordered, or opened with the wrong key.</summary>
public sealed class AuthenticationFailedException : CryptoException
{
    public AuthenticationFailedException(string message) : base(message) { }
    public AuthenticationFailedException(string message, Exception inner) : base(message, inner) { }
}
