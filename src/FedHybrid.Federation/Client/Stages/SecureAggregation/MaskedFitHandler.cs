using System.Diagnostics;
using System.Security.Cryptography;
using FedHybrid.Aggregation.Privacy;
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
/// stochastic rounding, and add the self mask and the pairwise masks. With distributed DP the instruction asks for
/// <see cref="DistributedDpEncoding"/> instead: clip to the L2 norm, rotate, scale, round, add this client's noise
/// share, unweighted, in the padded length. The coordinator cannot check a masked vector's norm or finiteness, so this
/// is where they are enforced.
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
        var distributedDp = DistributedDp(work.Config);
        var quantization = distributedDp is null ? Quantization(work.Config) : QuantizationParameters.RingOf(distributedDp.Value.Encoding.Bits);
        double weightScale = distributedDp is null ? work.Config.FiniteNumber(SecAggProtocol.WeightScale) : 1;
        double? normBound = work.Config.ContainsKey(SecAggProtocol.NormBound) ? work.Config.FiniteNumber(SecAggProtocol.NormBound) : null;
        var pairwise = OpenShares(work, round);
        try
        {
            var answer = await _fit.HandleAsync(work, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var delta = answer.Payload.Vector(FitProtocol.Delta, work.Trainer.ParameterCount);
            var fit = FitSettings.FromConfig(work.Config);
            long clipped = 0;
            uint[] quantized;
            if (distributedDp is var (encoding, rotationSeed, systemNoise))
            {
                quantized = EncodeDistributedDp(delta, encoding, rotationSeed,
                    DistributedDpEncoding.NoiseSource(systemNoise, SeedDerivation.DistributedDpSeed(fit.Seed, work.Task.Round, work.Task.ClientId)));
            }
            else
            {
                long samples = answer.Metrics.Integer(FitProtocol.SampleCount);
                double weight = samples / weightScale;
                if (!(weight is > 0 and <= 1))
                    throw new StageConfigException($"weight scale {weightScale} for {samples} samples gives weight {weight}, outside (0, 1]");
                clipped = ClipAndWeight(delta, normBound, quantization.ClipRange, weight);
                quantized = new uint[delta.Length];
                Quantizer.Quantize(delta, quantization, SeedDerivation.RoundingSeed(fit.Seed, work.Task.Round, work.Task.ClientId), quantized);
            }
            var masked = new uint[quantized.Length];
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

    /// <summary>The instruction's distributed-DP encoding, or null when it asks for the plain quantization; an impossible
    /// one is a <see cref="StageConfigException"/>, so the client skips the stage.</summary>
    static (DistributedDpEncoding Encoding, int RotationSeed, bool SystemNoise)? DistributedDp(StageConfig config)
    {
        if (!config.ContainsKey(SecAggProtocol.DdpGranularity))
            return null;
        var noise = config.Text(SecAggProtocol.DdpNoise) switch
        {
            SecAggProtocol.DdpDiscreteGaussian => DistributedNoise.DiscreteGaussian,
            SecAggProtocol.DdpSkellam => DistributedNoise.Skellam,
            var other => throw new StageConfigException($"'{SecAggProtocol.DdpNoise}' is '{other}', not '{SecAggProtocol.DdpDiscreteGaussian}' or '{SecAggProtocol.DdpSkellam}'"),
        };
        var options = new DistributedDpOptions(config.FiniteNumber(SecAggProtocol.DdpClipNorm), config.FiniteNumber(SecAggProtocol.DdpGranularity),
            config.FiniteNumber(SecAggProtocol.DdpBeta), noise, config.FiniteNumber(SecAggProtocol.DdpLocalVariance), ShareKeysHandler.Int(config, SecAggProtocol.Bits));
        if (options.Bits > 32)
            throw new StageConfigException($"'{SecAggProtocol.Bits}' is {options.Bits}; the masking ring holds at most 32 bits");
        try
        {
            return (new DistributedDpEncoding(options), ShareKeysHandler.Int(config, SecAggProtocol.DdpRotationSeed), config.Boolean(SecAggProtocol.DdpSystemNoise));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new StageConfigException($"the masked-fit instruction's distributed-DP encoding is impossible: {e.Message.Split(Environment.NewLine)[0]}");
        }
    }

    /// <summary>This client's noised share in Z_(2^b), of the padded length.</summary>
    static uint[] EncodeDistributedDp(float[] delta, DistributedDpEncoding encoding, int rotationSeed, Random random)
    {
        for (int j = 0; j < delta.Length; j++)
            if (!float.IsFinite(delta[j]))
                throw new StageConfigException($"delta[{j}] is {delta[j]}: a non-finite update is not masked");
        try
        {
            return Array.ConvertAll(encoding.Encode(delta, rotationSeed, random), v => (uint)v);
        }
        finally
        {
            (random as IDisposable)?.Dispose();
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
