using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Attacks.Network;

/// <summary>The eavesdrop attack's options (<c>attack.options</c>).</summary>
public sealed record EavesdropOptions
{
    /// <summary>A recovered weight counts as close when |guess - true| &lt;= this * |true|.</summary>
    [Range(0.0, 1.0)]
    public double RelativeTolerance { get; init; } = EavesdropAnalysis.DefaultRelativeTolerance;
}
