namespace FedHybrid.Attacks.Network;

/// <summary>Apply <paramref name="Kind"/> to the reply of <paramref name="ClientId"/> in <paramref name="Round"/>'s
/// stage <paramref name="Stage"/>.</summary>
public sealed record TamperAction(TamperKind Kind, string ClientId, int Round, string Stage = "fit");
