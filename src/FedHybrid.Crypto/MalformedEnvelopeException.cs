namespace FedHybrid.Crypto;

/// <summary>An envelope or key file is not well formed: bad magic or version, a length that runs past the end, trailing bytes, a field out of range.</summary>
public sealed class MalformedEnvelopeException : CryptoException
{
    public MalformedEnvelopeException(string message) : base(message) { }
    public MalformedEnvelopeException(string message, Exception inner) : base(message, inner) { }
}
