namespace FedHybrid.Crypto;

/// <summary>An authentic envelope whose header does not match what the receiver expects (run, round, sender, recipient or signature algorithm): e.g. a stale round replayed into a later one.</summary>
public sealed class EnvelopeMismatchException : CryptoException
{
    public EnvelopeMismatchException(string message) : base(message) { }
    public EnvelopeMismatchException(string message, Exception inner) : base(message, inner) { }
}
