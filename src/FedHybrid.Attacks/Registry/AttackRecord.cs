namespace FedHybrid.Attacks.Registry;

/// <summary>attack.json: which attack ran on which config, with which options, against which defences, what it
/// measured (and in one line, <paramref name="Headline"/>), the images it wrote and how long it took (wall clock, the
/// whole attack).</summary>
public sealed record AttackRecord(
    string Attack,
    string Description,
    string Name,
    string Config,
    string Folder,
    object Parameters,
    DefencesInForce Defences,
    string Headline,
    object Metrics,
    IReadOnlyList<string> Images,
    double WallSeconds,
    DateTimeOffset FinishedUtc);
