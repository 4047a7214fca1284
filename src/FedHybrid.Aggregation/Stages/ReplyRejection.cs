namespace FedHybrid.Aggregation.Stages;

/// <summary>
/// A reply the engine accepted (authentic, on time, of the right run, round and stage) but the
/// strategy refused to use: a vector of the wrong length or with NaN, a metric missing or out of
/// range. It is not aggregated; the round goes on and <see cref="RoundResult.Rejections"/> carries it
/// back so that the engine counts it beside its own rejections, with the same reason names.
/// </summary>
public sealed record ReplyRejection(string Stage, string ClientId, string Reason, string Detail)
{
    /// <summary>A metric or payload entry is missing, of the wrong kind, or unexpected.</summary>
    public const string Malformed = "malformed";

    /// <summary>A payload vector has the wrong number of values.</summary>
    public const string WrongSize = "wrong-size";

    /// <summary>A payload vector or a reported number is NaN or infinite.</summary>
    public const string NotFinite = "not-finite";

    /// <summary>A reported value is finite but impossible (a negative loss, an accuracy outside [0, 1]).</summary>
    public const string ReportOutOfRange = "report-out-of-range";

    /// <summary>The reported sample count is not positive.</summary>
    public const string SampleCountOutOfRange = "sample-count-out-of-range";

    /// <summary>The reply comes from a client that was not instructed in this stage.</summary>
    public const string NotSelected = "not-selected";

    /// <summary>A second reply from the same client in one stage.</summary>
    public const string Duplicate = "duplicate";
}
