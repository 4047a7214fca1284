namespace FedHybrid.Attacks.Registry;

/// <summary>What an attack measured: <paramref name="Metrics"/> for attack.json (a record or anonymous object of
/// numbers and strings), <paramref name="Table"/> for attack.md, the images it wrote into its folder (file names), and
/// one line for the terminal.</summary>
public sealed record AttackOutcome(object Metrics, AttackTable Table, IReadOnlyList<string> Images, string Headline);
