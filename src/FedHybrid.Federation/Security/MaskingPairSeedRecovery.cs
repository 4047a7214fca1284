using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Crypto.Agreement;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Federation.Security;

/// <summary>The coordinator's recomputation of a dropped client's pairwise seeds with the run's masking
/// agreement (X-Wing for the post-quantum suite, X25519 otherwise), bound to the run's id.</summary>
public sealed class MaskingPairSeedRecovery(string runId, MaskingAgreement agreement) : IPairSeedRecovery
{
    public static MaskingPairSeedRecovery ForSuite(string runId, string suite) => new(runId, MaskingAgreement.ForSuite(Suite.Parse(suite)));

    public string Agreement => agreement.Name;

    public int MaskingKeySize => agreement.PublicKeySize;

    public int EncapsulationSize => agreement.EncapsulationSize;

    /// <exception cref="ArgumentException">A key or encapsulation the agreement refuses (a low-order X25519
    /// point a malicious client advertised, a wrong size): the round aborts with this, the coordinator stays up.</exception>
    public byte[] PairSeed(int round, ReadOnlySpan<byte> droppedSecret, string droppedId, string survivorId,
        ReadOnlySpan<byte> survivorMaskingKey, ReadOnlySpan<byte> survivorEncapsulation)
    {
        try
        {
            return agreement.PairSeed(droppedSecret, droppedId, survivorMaskingKey, survivorEncapsulation, PairContext.Of(runId, round, droppedId, survivorId));
        }
        catch (Crypto.CryptoException e)
        {
            throw new ArgumentException($"the pair ({droppedId}, {survivorId}) cannot be recomputed: {e.Message}", e);
        }
    }
}
