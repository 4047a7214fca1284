using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>Krum's options: f, the number of hostile clients tolerated, and m, how many of the
/// best-scored updates are averaged (1: Krum; more: Multi-Krum). A round needs n &gt; 2f + 2 accepted
/// updates and m &lt;= n - f; both are checked against the round's cohort, which is not known here.
/// f = 0 and m = 1 as in Flower's Krum; set f to the number of adversaries the run assumes.</summary>
public sealed record KrumOptions : FitOptions
{
    [Range(0, int.MaxValue)]
    public int F { get; init; }

    [Range(1, int.MaxValue)]
    public int M { get; init; } = 1;
}
