namespace FedHybrid.Federation.Coordinator;

/// <summary>The outcome of checking one update: accepted with its delta and sample count, or
/// rejected with a reason and a human-readable detail.</summary>
public sealed record UpdateVerdict(bool Accepted, UpdateRejection? Reason, string Detail, float[]? Delta, long SampleCount)
{
    public static UpdateVerdict Accept(float[] delta, long sampleCount) => new(true, null, "", delta, sampleCount);

    public static UpdateVerdict Reject(UpdateRejection reason, string detail) => new(false, reason, detail, null, 0);
}
