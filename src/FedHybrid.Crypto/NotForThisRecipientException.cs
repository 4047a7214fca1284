namespace FedHybrid.Crypto;

/// <summary>The envelope is not addressed to this identity: no stanza carries this recipient id, its suite differs, or the stanza does not open with this key (age's "not mine").</summary>
public sealed class NotForThisRecipientException : CryptoException
{
    public NotForThisRecipientException(string message) : base(message) { }
    public NotForThisRecipientException(string message, Exception inner) : base(message, inner) { }
}
