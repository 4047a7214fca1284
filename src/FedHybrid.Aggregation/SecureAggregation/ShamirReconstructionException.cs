namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>A secret could not be reconstructed from the shares given: fewer than t of them, repeated or
/// out-of-range points, or shares that do not lie on one polynomial (a corrupted or forged share).</summary>
public sealed class ShamirReconstructionException(string message) : Exception(message);
