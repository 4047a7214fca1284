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

    public byte[] PairSeed(int round, ReadOnlySpan<byte> droppedSecret, string droppedId, string survivorId,
        ReadOnlySpan<byte> survivorMaskingKey, ReadOnlySpan<byte> survivorEncapsulation) =>
        agreement.PairSeed(droppedSecret, droppedId, survivorMaskingKey, survivorEncapsulation, PairContext.Of(runId, round, droppedId, survivorId));
}
