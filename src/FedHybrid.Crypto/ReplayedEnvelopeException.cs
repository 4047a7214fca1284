namespace FedHybrid.Crypto;

/// <summary>An envelope id was already accepted from this sender: the envelope is a replay.</summary>
public sealed class ReplayedEnvelopeException : CryptoException
{
    public ReplayedEnvelopeException(string message) : base(message) { }
    public ReplayedEnvelopeException(string message, Exception inner) : base(message, inner) { }
}
