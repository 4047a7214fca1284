namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>The 32-byte PRG seed s_ij a client shares with neighbour <paramref name="Peer"/> (derived
/// from their key agreement by Crypto's KDF; both ends hold the same seed).</summary>
public sealed record PairwiseSeed(int Peer, byte[] Seed);
