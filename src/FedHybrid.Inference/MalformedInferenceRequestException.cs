namespace FedHybrid.Inference;

/// <summary>A request (or response) that opened but does not have the expected shape.</summary>
public sealed class MalformedInferenceRequestException : Exception
{
    public MalformedInferenceRequestException(string message) : base(message) { }
}
