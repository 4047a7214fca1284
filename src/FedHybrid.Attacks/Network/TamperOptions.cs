using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Attacks.Network;

/// <summary>The tamper attack's options (<c>attack.options</c>). The plan is <see cref="TamperPlan.Covering"/> the config's
/// clients and rounds: give run.clients and run.rounds so that (clients - 1) x rounds reaches the kinds wanted.</summary>
public sealed record TamperOptions
{
    /// <summary>How long the delay kind holds a reply back.</summary>
    [Range(0.0, 600.0)]
    public double DelaySeconds { get; init; } = 2;

    /// <summary>How long a replay of another client's reply waits for that reply to arrive.</summary>
    [Range(0.001, 3600.0)]
    public double WaitForOtherReplySeconds { get; init; } = 60;
}
