namespace FedHybrid.Federation.Payloads;

/// <summary>An opened envelope's plaintext is not a well-formed model or update payload.</summary>
public sealed class MalformedPayloadException : Exception
{
    public MalformedPayloadException(string message) : base(message) { }
}
