using System.Text.Json.Serialization;

namespace FedHybrid.Federation.Coordinator;

/// <summary>A snapshot of a run for live display. At a round's end, <see cref="Completed"/> is the row the
/// round wrote to metrics.csv (left out of the snapshot's own JSON: a consumer that wants it prints it apart).</summary>
public sealed record RunProgress(
    int Round,
    int Rounds,
    string Phase,
    int Joined,
    int Selected,
    int Received,
    int Accepted,
    int Rejected,
    double? LastAccuracy,
    [property: JsonIgnore] RoundMetrics? Completed = null);
