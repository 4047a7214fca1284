using System.Diagnostics;
using System.Security.Cryptography;
using FedHybrid.Aggregation.SecureAggregation;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto.Agreement;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>
/// masked-fit (Bonawitz et al., round 2): open the shares each present neighbour sealed to this client,
/// agree the pairwise seeds, train as the fit stage does, then clip (to the norm bound, if any, then each
/// value to [-c, c], counting the values clipped), weight by n_i / scale, quantize into Z_(2^m) with seeded
/// stochastic rounding, and add the self mask and the pairwise masks. The coordinator cannot check a masked
/// vector's norm or finiteness, so this is where they are enforced.
/// </summary>
public sealed class MaskedFitHandler(SecAggClientState state) : IStageHandler
{
    readonly FitHandler _fit = new();

    public string Stage => SecAggProtocol.MaskedFitStage;

    public async Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var round = state.Current(work.Task.RunId, work.Task.Round, Stage);
        if (ShareKeysHandler.Int(work.Config, SecAggProtocol.Index) != round.Index || ShareKeysHandler.Int(work.Config, SecAggProtocol.Threshold) != round.Threshold)
            throw new StageConfigException("the masked-fit instruction names another index or threshold than share-keys did");
        var quantization = Quantization(work.Config);
        double weightScale = work.Config.FiniteNumber(SecAggProtocol.WeightScale);
        double? normBound = work.Config.ContainsKey(SecAggProtocol.NormBound) ? work.Config.FiniteNumber(SecAggProtocol.NormBound) : null;
        var pairwise = OpenShares(work, round);
        try
        {
            var answer = await _fit.HandleAsync(work, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var delta = answer.Payload.Vector(FitProtocol.Delta, work.Trainer.ParameterCount);
            long samples = answer.Metrics.Integer(FitProtocol.SampleCount);
            double weight = samples / weightScale;
            if (!(weight is > 0 and <= 1))
                throw new StageConfigException($"weight scale {weightScale} for {samples} samples gives weight {weight}, outside (0, 1]");
            long clipped = ClipAndWeight(delta, normBound, quantization.ClipRange, weight);
            var quantized = new uint[delta.Length];
            var fit = FitSettings.FromConfig(work.Config);
            Quantizer.Quantize(delta, quantization, SeedDerivation.RoundingSeed(fit.Seed, work.Task.Round, work.Task.ClientId), quantized);
            var masked = new uint[delta.Length];
            ClientMasking.Mask(round.Index, quantized, round.SelfMaskSeed, pairwise, quantization, masked);
            round.Ledger = new ShareRevealLedger(round.Index, round.Held.Keys, round.Threshold);
            work.Timings.WorkMs += clock.Elapsed.TotalMilliseconds;
            var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [SecAggProtocol.Masked] = RingWords.Encode(masked) };
            return new StageAnswer(answer.Metrics.With(RoundMetricKeys.ValuesClipped, clipped), new StagePayload(new Dictionary<string, float[]>(), blobs));
        }
        finally
        {
            foreach (var seed in pairwise)
                CryptographicOperations.ZeroMemory(seed.Seed);
        }
    }

    /// <summary>The instruction's quantization; an impossible one is a <see cref="StageConfigException"/>, so the client skips the stage.</summary>
    static QuantizationParameters Quantization(StageConfig config)
    {
        long levels = config.Integer(SecAggProtocol.Levels);
        if (levels is < 2 or > uint.MaxValue)
            throw new StageConfigException($"'{SecAggProtocol.Levels}' is {levels}, must be in [2, {uint.MaxValue}]");
        try
        {
            return new QuantizationParameters(ShareKeysHandler.Int(config, SecAggProtocol.Bits), config.FiniteNumber(SecAggProtocol.ClipRange),
                (uint)levels, ShareKeysHandler.Int(config, SecAggProtocol.MaxCohort));
        }
        catch (SecureAggregationParameterException e)
        {
            throw new StageConfigException($"the masked-fit instruction's quantization is impossible: {e.Message}");
        }
    }

    /// <summary>Opens every present neighbour's sealed shares (authenticated as that neighbour, for this
    /// run, round and client) and agrees the pairwise seed with each.</summary>
    static List<PairwiseSeed> OpenShares(StageWork work, SecAggClientRound round)
    {
        var present = IndexList.Decode(work.Own.Blob(SecAggProtocol.Present), int.MaxValue, SecAggProtocol.Present);
        // Fewer than t present neighbours could never rebuild this client's self mask: the coordinator
        // must not have asked, and the client does not mask for a round that cannot be unmasked.
        if (present.Length < round.Threshold)
            throw new StageConfigException($"only {present.Length} neighbour(s) delivered shares, below t = {round.Threshold}");
        var seeds = new List<PairwiseSeed>(present.Length);
        foreach (int index in present)
        {
            if (!round.Neighbours.TryGetValue(index, out var peer))
                throw new StageConfigException($"index {index} is not one of this client's neighbours");
            var opened = work.Crypto.OpenFromPeer(work.Own.Blob(SecAggProtocol.ShareFor(peer.Id)), new PublicIdentity(peer.Id, peer.EnvelopeKey, peer.SigningKey));
            if (opened.Sender != peer.Id || opened.RunId != work.Task.RunId || opened.Round != work.Task.Round)
                throw new StageConfigException($"the shares relayed as from '{peer.Id}' are sealed by '{opened.Sender}' for run '{opened.RunId}' round {opened.Round}");
            var message = ShareMessage.Decode(opened.Payload);
            CryptographicOperations.ZeroMemory(opened.Payload);
            if (message.RecipientIndex != round.Index || message.SelfMaskShare.X != round.Index + 1 || message.SecretShare.X != round.Index + 1)
                throw new StageConfigException($"the shares from '{peer.Id}' are for index {message.RecipientIndex}, not this client's {round.Index}");
            var pair = PairContext.Of(work.Task.RunId, work.Task.Round, work.Task.ClientId, peer.Id);
            var encapsulation = pair.Lower == peer.Id ? message.Encapsulation : [];
            seeds.Add(new PairwiseSeed(index, round.Agreement.PairSeed(round.Secret, work.Task.ClientId, peer.MaskingKey, encapsulation, pair)));
            round.Held[index] = message;
        }
        return seeds;
    }

    /// <summary>Clips <paramref name="delta"/> to the L2 bound (if any), then each value to [-c, c], then
    /// multiplies by the weight; returns how many values lay outside [-c, c].</summary>
    static long ClipAndWeight(float[] delta, double? normBound, double clipRange, double weight)
    {
        double factor = normBound is { } bound ? NormBounding.ClipFactor(delta, bound) : 1.0;
        long clipped = 0;
        for (int j = 0; j < delta.Length; j++)
        {
            double value = delta[j] * factor;
            if (!double.IsFinite(value))
                throw new StageConfigException($"delta[{j}] is {delta[j]}: a non-finite update is not masked");
            if (value > clipRange || value < -clipRange)
            {
                clipped++;
                value = Math.Clamp(value, -clipRange, clipRange);
            }
            delta[j] = (float)(value * weight);
        }
        return clipped;
    }
}
