namespace FedHybrid.Attacks.MembershipInference;

/// <summary>Central DP-FedAvg's clip norm S and noise multiplier sigma for a trained model, with the epsilon the
/// RDP and PLD accountants charge for its rounds at <paramref name="Delta"/> (all clients every round, q = 1).</summary>
public sealed record FederatedPrivacy(double ClipNorm, double NoiseMultiplier, double Delta, double EpsilonRdp, double EpsilonPld);
