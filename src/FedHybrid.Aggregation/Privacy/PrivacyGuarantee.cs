namespace FedHybrid.Aggregation.Privacy;

/// <summary>An (epsilon, delta) statement and how it was obtained: for RDP the order that achieved it,
/// for PLD the discretization interval.</summary>
/// <param name="Epsilon">The epsilon (may be +∞).</param>
/// <param name="Delta">The delta.</param>
/// <param name="Order">The optimal Rényi order (RDP only; NaN for PLD).</param>
public sealed record PrivacyGuarantee(double Epsilon, double Delta, double Order);
