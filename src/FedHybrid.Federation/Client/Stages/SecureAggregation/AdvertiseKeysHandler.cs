using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto.Agreement;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>advertise-keys (Bonawitz et al., round 0): draw this round's masking secret and self-mask seed,
/// and advertise the masking public key, the identity keys the neighbours seal shares to and verify them
/// with, and the shard's sample count (the weight the masked update will carry). The agreement follows the
/// run's suite: X-Wing for the post-quantum suite, X25519 otherwise.</summary>
public sealed class AdvertiseKeysHandler(SecAggClientState state) : IStageHandler
{
    public string Stage => SecAggProtocol.AdvertiseKeysStage;

    public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var agreement = MaskingAgreement.ForSuite(Suite.Parse(work.Crypto.Suite));
        var round = state.Begin(work.Task.RunId, work.Task.Round, agreement);
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [SecAggProtocol.MaskingKey] = agreement.PublicKey(round.Secret),
            [SecAggProtocol.EnvelopeKey] = work.Crypto.Identity.EnvelopeKey,
            [SecAggProtocol.SigningKey] = work.Crypto.Identity.SigningKey,
        };
        var metrics = StageConfig.Empty.With(FitProtocol.SampleCount, work.Trainer.SampleCount);
        return Task.FromResult(new StageAnswer(metrics, new StagePayload(new Dictionary<string, float[]>(), blobs)));
    }
}
