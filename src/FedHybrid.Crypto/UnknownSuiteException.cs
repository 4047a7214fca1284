namespace FedHybrid.Crypto;

/// <summary>A suite name or suite byte that this build does not know. The message lists the valid names.</summary>
public sealed class UnknownSuiteException : CryptoException
{
    public UnknownSuiteException(string message) : base(message) { }
    public UnknownSuiteException(string message, Exception inner) : base(message, inner) { }
}
