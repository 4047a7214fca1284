namespace FedHybrid.Crypto;

/// <summary>An envelope names more recipients than the receiver accepts (e.g. a coordinator, whose updates
/// have exactly one). Raised while parsing the header, before any per-recipient work or the signature.</summary>
public sealed class TooManyRecipientsException : CryptoException
{
    public TooManyRecipientsException(string message) : base(message) { }
    public TooManyRecipientsException(string message, Exception inner) : base(message, inner) { }
}
