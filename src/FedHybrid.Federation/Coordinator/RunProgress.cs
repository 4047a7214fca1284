namespace FedHybrid.Federation.Coordinator;

/// <summary>A snapshot of a run for live display.</summary>
public sealed record RunProgress(
    int Round,
    int Rounds,
    string Phase,
    int Joined,
    int Selected,
    int Received,
    int Accepted,
    int Rejected,
    double? LastAccuracy);
