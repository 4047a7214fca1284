using System.Security.Cryptography;

namespace FedHybrid.Crypto;

/// <summary>Base of every error FedHybrid.Crypto raises on bad input: a key, a ciphertext or an
/// envelope that is wrong. Subclasses say what was wrong.</summary>
public class CryptoException : CryptographicException
{
    public CryptoException(string message) : base(message) { }
    public CryptoException(string message, Exception inner) : base(message, inner) { }
}
