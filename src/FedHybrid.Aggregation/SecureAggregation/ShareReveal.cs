namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Reveal the share this client holds of <paramref name="Peer"/>'s secret of kind <paramref name="Kind"/>.</summary>
public sealed record ShareReveal(int Peer, ShareKind Kind);
