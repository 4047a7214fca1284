using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>
/// The coordinator's side of one SecAgg+ round (Bell et al., CCS 2020, over Bonawitz et al., CCS 2017,
/// figure 4) around a mean-delta strategy's fit: advertise-keys (U1) -> share-keys (U2) -> masked-fit (U3)
/// -> unmask, then the mean. The coordinator relays keys and sealed shares it cannot read, adds masked
/// vectors it cannot read, and learns only the sum of the survivors' quantized, weighted, clipped deltas.
/// </summary>
/// <remarks>
/// Every reply is read strictly as it arrives (<see cref="Check"/>) and again when the stage ends; one the
/// round cannot use is refused with a reason name and the round goes on without that client. Clients
/// that drop before masked-fit are left out of the sum (the graph is restricted to those that delivered
/// their shares); for clients that drop after delivering their shares, the survivors reveal shares of
/// their masking secrets. With fewer than t where t are needed, the round ends with the reason and the
/// strategy keeps its model. Each client is weighted n_i / (the largest n in the cohort), applied by the
/// client before masking, so the quotient by the survivors' summed weights is FedAvg's weighted mean.
/// With distributed DP the clients encode with <see cref="DistributedDpEncoding"/> instead (clip, rotate, round, noise,
/// unweighted) in the padded length, and the mean is the decoded noisy sum over the cohort instructed, a fixed and
/// public denominator as in central DP.
/// </remarks>
public sealed class SecAggPlusRound
{
    const int MaxEnvelopeBytes = 64 * 1024;

    readonly SecureAggregationOptions _options;
    readonly QuantizationParameters _quantization;
    readonly IPairSeedRecovery _recovery;
    readonly int _round;
    readonly int _length;
    readonly long _seed;
    readonly StageConfig _fitConfig;
    readonly StagePayload _fitPayload;
    readonly double? _normBound;
    readonly DistributedDpMechanism? _distributedDp;
    readonly int _maskedLength;
    readonly int _cohort;
    readonly List<ReplyRejection> _rejections = [];
    // A masked input is decoded once, when the engine checks it on arrival, and reused at the stage's end.
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<StageReply, uint[]> _decoded = [];

    string _stage = SecAggProtocol.AdvertiseKeysStage;
    HashSet<string> _instructed;
    // After advertise-keys: U1 in ordinal order (index = position), their keys, their sample counts.
    string[] _members = [];
    Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    StageReply[] _advertised = [];
    long[] _samples = [];
    double _weightScale;
    SecAggPlusParameters? _graphParameters;
    NeighbourGraph? _graph;
    // After share-keys: U2, the graph restricted to it, every reply (for relaying and encapsulations).
    HashSet<int> _delivered = [];
    Dictionary<int, StageReply> _shares = [];
    // After masked-fit: U3 and the running sum.
    MaskedSum? _sum;
    double _trainLoss;
    long _valuesClipped;
    long[] _survivorSamples = [];

    public SecAggPlusRound(SecureAggregationOptions options, IPairSeedRecovery recovery, RoundContext round, IReadOnlyList<string> clients,
        StageConfig fitConfig, StagePayload fitPayload, double? normBound, long seed, DistributedDpMechanism? distributedDp = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recovery);
        ArgumentNullException.ThrowIfNull(round);
        _options = options;
        if (distributedDp is not null && (distributedDp.Length != round.Global.Length || distributedDp.Bits != options.Bits))
            throw new ArgumentException($"the distributed-DP mechanism is for {distributedDp.Length} values in {distributedDp.Bits} bits; the round has {round.Global.Length} in {options.Bits}", nameof(distributedDp));
        _distributedDp = distributedDp;
        _quantization = distributedDp is null ? options.Quantization() : QuantizationParameters.RingOf(options.Bits);
        _recovery = recovery;
        _round = round.Round;
        _length = round.Global.Length;
        _maskedLength = distributedDp?.PaddedLength ?? _length;
        _cohort = clients.Count;
        _fitConfig = fitConfig;
        _fitPayload = fitPayload;
        _normBound = normBound;
        _seed = seed;
        _instructed = new HashSet<string>(clients, StringComparer.Ordinal);
        FirstPlan = new StagePlan(SecAggProtocol.AdvertiseKeysStage, StagePayload.Empty,
            clients.Order(StringComparer.Ordinal).Select(id => new ClientInstruction(id, StageConfig.Empty)).ToArray());
    }

    /// <summary>The advertise-keys stage that begins the round.</summary>
    public StagePlan FirstPlan { get; }

    /// <summary>The stage the round is waiting on.</summary>
    public string Stage => _stage;

    /// <summary>k and t of this round, once the clients have advertised their keys.</summary>
    public SecAggPlusParameters? GraphParameters => _graphParameters;

    /// <summary>Why <paramref name="reply"/> cannot be used in <paramref name="stage"/>, or null.</summary>
    public ReplyProblem? Check(string stage, StageReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (stage != _stage || !_instructed.Contains(reply.ClientId))
            return null; // the engine and Complete's screening refuse these with their own reasons
        try
        {
            Read(reply);
            return null;
        }
        catch (ReplyRejectedException e)
        {
            return new ReplyProblem(e.Reason, e.Detail);
        }
    }

    /// <summary>The stage that follows <paramref name="results"/>, or the round's end.</summary>
    public SecureStep Complete(StageResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Stage != _stage)
            throw new InvalidOperationException($"secure aggregation is at stage '{_stage}', but stage '{results.Stage}' completed");
        var usable = new List<StageReply>();
        foreach (var reply in FitStrategy.Screen(results, _instructed, _round, _rejections))
            try
            {
                Read(reply);
                usable.Add(reply);
            }
            catch (ReplyRejectedException e)
            {
                _rejections.Add(new ReplyRejection(_stage, reply.ClientId, e.Reason, e.Detail));
            }
        return _stage switch
        {
            SecAggProtocol.AdvertiseKeysStage => AfterAdvertise(usable),
            SecAggProtocol.ShareKeysStage => AfterShareKeys(usable),
            SecAggProtocol.MaskedFitStage => AfterMaskedFit(usable),
            _ => AfterUnmask(usable),
        };
    }

    SecureStep AfterAdvertise(List<StageReply> usable)
    {
        _advertised = usable.ToArray();
        _members = usable.Select(r => r.ClientId).ToArray();
        _indexOf = _members.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        _samples = usable.Select(r => r.Metrics.Integer(FitProtocol.SampleCount)).ToArray();
        if (_members.Length < 2)
            return Abort($"only {_members.Length} client(s) advertised keys; secure aggregation needs at least 2");
        try
        {
            _graphParameters = _options.GraphFor(_members.Length);
        }
        catch (SecureAggregationParameterException e)
        {
            return Abort($"no SecAgg+ graph for the {_members.Length} clients that advertised keys: {e.Message}");
        }
        _graph = NeighbourGraph.RandomHarary(_members.Length, _graphParameters.Neighbours, GraphSeed());
        _weightScale = _samples.Max();
        var instructions = new List<ClientInstruction>();
        for (int i = 0; i < _members.Length; i++)
        {
            var roster = _graph.Neighbours(i).Select(j => new Neighbour(j, _members[j], _advertised[j].Payload.Blob(SecAggProtocol.MaskingKey),
                _advertised[j].Payload.Blob(SecAggProtocol.EnvelopeKey), _advertised[j].Payload.Blob(SecAggProtocol.SigningKey))).ToArray();
            var config = StageConfig.Empty.With(SecAggProtocol.Index, (long)i).With(SecAggProtocol.Threshold, (long)_graphParameters.Threshold);
            instructions.Add(new ClientInstruction(_members[i], config, Blobs((SecAggProtocol.Roster, NeighbourRoster.Encode(roster)))));
        }
        return Next(SecAggProtocol.ShareKeysStage, StagePayload.Empty, instructions);
    }

    SecureStep AfterShareKeys(List<StageReply> usable)
    {
        int t = _graphParameters!.Threshold;
        _shares = usable.ToDictionary(r => _indexOf[r.ClientId]);
        // A client with fewer than t neighbours left could never have its secrets rebuilt: leave it out
        // too, until every remaining client keeps t (Bonawitz et al.'s U_2, per neighbourhood).
        var delivered = new HashSet<int>(_shares.Keys);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (int i in delivered.ToArray())
                if (_graph!.Neighbours(i).Count(delivered.Contains) < t)
                {
                    delivered.Remove(i);
                    changed = true;
                }
        }
        _delivered = delivered;
        if (_delivered.Count < t)
            return Abort($"only {_delivered.Count} client(s) delivered key shares to at least t = {t} neighbours that did too; the threshold is {t}");

        var instructions = new List<ClientInstruction>();
        foreach (int i in _delivered.Order())
        {
            var present = _graph!.Neighbours(i).Where(_delivered.Contains).ToArray();
            var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [SecAggProtocol.Present] = IndexList.Encode(present) };
            foreach (int j in present)
                blobs[SecAggProtocol.ShareFor(_members[j])] = _shares[j].Payload.Blob(SecAggProtocol.ShareFor(_members[i]));
            var config = MaskedFitEncoding(_fitConfig.With(SecAggProtocol.Index, (long)i).With(SecAggProtocol.Threshold, (long)t));
            instructions.Add(new ClientInstruction(_members[i], config, new StagePayload(new Dictionary<string, float[]>(), blobs)));
        }
        var restricted = _graph!.Restrict(_delivered);
        _sum = new MaskedSum(restricted, _maskedLength, _quantization);
        return Next(SecAggProtocol.MaskedFitStage, _fitPayload, instructions);
    }

    SecureStep AfterMaskedFit(List<StageReply> usable)
    {
        double lossSum = 0, sampleSum = 0;
        var samples = new List<long>();
        foreach (var reply in usable)
        {
            int i = _indexOf[reply.ClientId];
            _sum!.Add(i, MaskedInput(reply));
            long n = reply.Metrics.Integer(FitProtocol.SampleCount);
            samples.Add(n);
            lossSum += reply.Metrics.Number(FitProtocol.TrainLoss) * n;
            sampleSum += n;
            _valuesClipped += reply.Metrics.Integer(RoundMetricKeys.ValuesClipped);
        }
        _survivorSamples = samples.ToArray();
        _trainLoss = sampleSum > 0 ? lossSum / sampleSum : double.NaN;
        var survivors = _sum!.Survivors.ToHashSet();
        int t = _graphParameters!.Threshold;
        if (survivors.Count < t)
            return Abort(new SecureAggregationAbort(AbortKind.TooFewSurvivors, -1, survivors.Count, t).Message);
        var dropped = _delivered.Where(i => !survivors.Contains(i)).Order().ToArray();
        var survivorBlob = IndexList.Encode(survivors.Order());
        var droppedBlob = IndexList.Encode(dropped);
        var instructions = survivors.Order().Select(i => new ClientInstruction(_members[i], StageConfig.Empty,
            Blobs((SecAggProtocol.Survivors, survivorBlob), (SecAggProtocol.Dropped, droppedBlob)))).ToArray();
        return Next(SecAggProtocol.UnmaskStage, StagePayload.Empty, instructions);
    }

    SecureStep AfterUnmask(List<StageReply> usable)
    {
        var sum = _sum!;
        int t = _graphParameters!.Threshold;
        var responders = usable.Select(r => _indexOf[r.ClientId]).ToHashSet();
        if (sum.Check(t, responders) is { } abort)
            return Abort(abort.Message);
        var byResponder = usable.ToDictionary(r => _indexOf[r.ClientId]);
        var restricted = _graph!.Restrict(_delivered);

        List<ShamirShare> SharesOf(int owner, Func<string, string> blobName) =>
            restricted.Neighbours(owner).Where(responders.Contains)
                .Select(j => ShamirShare.FromBytes(byResponder[j].Payload.Blob(blobName(_members[owner])))).ToList();

        try
        {
            var selfSeeds = sum.Survivors.ToDictionary(i => i, i => ShamirSecretSharing.Combine(SharesOf(i, SecAggProtocol.SelfShareOf), t));
            var secrets = new Dictionary<int, byte[]>();
            var pairSeeds = new Dictionary<(int Survivor, int Dropped), byte[]>();
            try
            {
                foreach (int d in sum.Dropped)
                    secrets[d] = ShamirSecretSharing.Combine(SharesOf(d, SecAggProtocol.KeyShareOf), t);
                foreach (var (s, d) in sum.PairsToRemove)
                {
                    // The lower id encapsulated to the higher; when the survivor is the lower, its
                    // encapsulation to the dropped client is what the dropped client's secret decapsulates.
                    var encapsulation = _recovery.EncapsulationSize > 0 && s < d
                        ? _shares[s].Payload.Blob(SecAggProtocol.EncapsulationFor(_members[d])) : [];
                    pairSeeds[(s, d)] = _recovery.PairSeed(_round, secrets[d], _members[d], _members[s],
                        _advertised[s].Payload.Blob(SecAggProtocol.MaskingKey), encapsulation);
                }
                var words = sum.Unmask(selfSeeds, pairSeeds);
                return new SecureStep(null, Finish(_distributedDp is null ? WeightedMean(words) : NoisyMean(words), null));
            }
            finally
            {
                foreach (var seed in selfSeeds.Values.Concat(secrets.Values).Concat(pairSeeds.Values))
                    CryptographicOperations.ZeroMemory(seed);
            }
        }
        catch (ShamirReconstructionException e)
        {
            // Shares that do not lie on one polynomial: some client sent a forged share.
            return Abort($"a secret could not be reconstructed from the revealed shares: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return Abort($"the masks could not be removed: {e.Message}");
        }
    }

    /// <summary>The masked-fit instruction's encoding: the quantization and weight (and norm bound), or distributed DP's.</summary>
    StageConfig MaskedFitEncoding(StageConfig config)
    {
        config = config.With(SecAggProtocol.Bits, (long)_quantization.Bits);
        if (_distributedDp is { } ddp)
        {
            var e = ddp.EncodingOptions;
            return config.With(SecAggProtocol.DdpClipNorm, e.ClipNorm).With(SecAggProtocol.DdpGranularity, e.Granularity)
                .With(SecAggProtocol.DdpBeta, e.Beta).With(SecAggProtocol.DdpLocalVariance, e.LocalVariance)
                .With(SecAggProtocol.DdpNoise, e.Noise == DistributedNoise.Skellam ? SecAggProtocol.DdpSkellam : SecAggProtocol.DdpDiscreteGaussian)
                .With(SecAggProtocol.DdpRotationSeed, (long)RotationSeed()).With(SecAggProtocol.DdpSystemNoise, ddp.Settings.SystemNoise);
        }
        config = config.With(SecAggProtocol.WeightScale, _weightScale).With(SecAggProtocol.ClipRange, _quantization.ClipRange)
            .With(SecAggProtocol.Levels, (long)_quantization.Levels).With(SecAggProtocol.MaxCohort, (long)_quantization.MaxCohortSize);
        return _normBound is { } bound ? config.With(SecAggProtocol.NormBound, bound) : config;
    }

    /// <summary>FedAvg's weighted mean from the dequantized sum of the survivors' weighted deltas.</summary>
    float[] WeightedMean(uint[] words)
    {
        var total = new float[_length];
        Quantizer.Dequantize(words, _sum!.Survivors.Count, _quantization, total);
        double weights = _survivorSamples.Sum(n => n / _weightScale);
        var mean = new float[_length];
        for (int j = 0; j < mean.Length; j++)
            mean[j] = (float)(total[j] / weights);
        return mean;
    }

    /// <summary>Distributed DP's mean: the decoded noisy sum of the clipped deltas over the cohort instructed.</summary>
    float[] NoisyMean(uint[] words)
    {
        var encoding = new DistributedDpEncoding(_distributedDp!.EncodingOptions);
        var sum = encoding.Decode(Array.ConvertAll(words, w => (long)w), _length, RotationSeed());
        for (int j = 0; j < sum.Length; j++)
            sum[j] = (float)(sum[j] / (double)_cohort);
        return sum;
    }

    /// <summary>The rotation's seed: public, from the run seed and the round, the same for every client of the round.</summary>
    int RotationSeed() =>
        BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"fedhybrid/v1/ddp-rotation|{_seed}|{_round}"))) & 0x7FFFFFFF;

    /// <summary>Reads one reply of the current stage strictly; throws <see cref="ReplyRejectedException"/>.</summary>
    void Read(StageReply reply)
    {
        if (reply.Payload.Vectors.Count > 0)
            throw new ReplyRejectedException(ReplyRejection.Malformed, $"unexpected payload vector '{reply.Payload.Vectors.Keys.Order(StringComparer.Ordinal).First()}'");
        switch (_stage)
        {
            case SecAggProtocol.AdvertiseKeysStage:
                ExpectBlobs(reply, [SecAggProtocol.MaskingKey, SecAggProtocol.EnvelopeKey, SecAggProtocol.SigningKey]);
                ExpectSize(reply, SecAggProtocol.MaskingKey, _recovery.MaskingKeySize, _recovery.MaskingKeySize);
                ExpectSize(reply, SecAggProtocol.EnvelopeKey, 1, NeighbourRoster.MaxKeyBytes);
                ExpectSize(reply, SecAggProtocol.SigningKey, 1, NeighbourRoster.MaxKeyBytes);
                long count = FitStrategy.Metric(reply.Metrics, FitProtocol.SampleCount, m => m.Integer(FitProtocol.SampleCount));
                RejectUnless(count > 0, ReplyRejection.SampleCountOutOfRange, $"'{FitProtocol.SampleCount}' is {count}, must be at least 1");
                break;
            case SecAggProtocol.ShareKeysStage:
            {
                int i = _indexOf[reply.ClientId];
                var peers = _graph!.Neighbours(i).Select(j => _members[j]).ToArray();
                var expected = peers.Select(SecAggProtocol.ShareFor).ToList();
                if (_recovery.EncapsulationSize > 0)
                    expected.AddRange(peers.Where(p => string.CompareOrdinal(reply.ClientId, p) < 0).Select(SecAggProtocol.EncapsulationFor));
                ExpectBlobs(reply, expected);
                foreach (var peer in peers)
                    ExpectSize(reply, SecAggProtocol.ShareFor(peer), 1, MaxEnvelopeBytes);
                foreach (var name in expected.Where(n => n.StartsWith("encapsulation/", StringComparison.Ordinal)))
                    ExpectSize(reply, name, _recovery.EncapsulationSize, _recovery.EncapsulationSize);
                break;
            }
            case SecAggProtocol.MaskedFitStage:
            {
                ExpectBlobs(reply, [SecAggProtocol.Masked]);
                RejectUnless(reply.Payload.Blob(SecAggProtocol.Masked).Length == _maskedLength * 4L, ReplyRejection.WrongSize,
                    $"'{SecAggProtocol.Masked}' is {reply.Payload.Blob(SecAggProtocol.Masked).Length} bytes, the masked vector's {_maskedLength} words are {_maskedLength * 4L}");
                try
                {
                    MaskedInput(reply);
                }
                catch (StageConfigException e)
                {
                    throw new ReplyRejectedException(ReplyRejection.Malformed, e.Message);
                }
                var m = reply.Metrics;
                long n = FitStrategy.Metric(m, FitProtocol.SampleCount, c => c.Integer(FitProtocol.SampleCount));
                long advertised = _samples[_indexOf[reply.ClientId]];
                RejectUnless(n == advertised, ReplyRejection.SampleCountOutOfRange,
                    $"'{FitProtocol.SampleCount}' is {n}, but the client advertised {advertised} and weighted its update by it");
                double loss = FitStrategy.Metric(m, FitProtocol.TrainLoss, c => c.Number(FitProtocol.TrainLoss));
                RejectUnless(double.IsFinite(loss), ReplyRejection.NotFinite, $"'{FitProtocol.TrainLoss}' is {loss}");
                RejectUnless(loss >= 0, ReplyRejection.ReportOutOfRange, $"'{FitProtocol.TrainLoss}' is {loss}, a loss is at least 0");
                long steps = FitStrategy.Metric(m, FitProtocol.LocalSteps, c => c.Integer(FitProtocol.LocalSteps));
                RejectUnless(steps > 0, ReplyRejection.Malformed, $"'{FitProtocol.LocalSteps}' is {steps}, must be at least 1");
                long clipped = FitStrategy.Metric(m, RoundMetricKeys.ValuesClipped, c => c.Integer(RoundMetricKeys.ValuesClipped));
                RejectUnless(clipped >= 0 && clipped <= _length, ReplyRejection.ReportOutOfRange,
                    $"'{RoundMetricKeys.ValuesClipped}' is {clipped}, must be in [0, {_length}]");
                break;
            }
            default:
            {
                int i = _indexOf[reply.ClientId];
                var survivors = _sum!.Survivors.ToHashSet();
                var neighbours = _graph!.Neighbours(i).Where(_delivered.Contains).ToArray();
                var expected = neighbours.Select(j => survivors.Contains(j) ? SecAggProtocol.SelfShareOf(_members[j]) : SecAggProtocol.KeyShareOf(_members[j])).ToArray();
                ExpectBlobs(reply, expected);
                foreach (var name in expected)
                {
                    ExpectSize(reply, name, ShamirShare.EncodedSize, ShamirShare.EncodedSize);
                    var share = ShamirShare.FromBytes(reply.Payload.Blob(name));
                    RejectUnless(share.X == i + 1, ReplyRejection.Malformed, $"'{name}' is the share at point {share.X}; this client holds point {i + 1}");
                }
                break;
            }
        }
    }

    uint[] MaskedInput(StageReply reply) =>
        _decoded.GetValue(reply, r => RingWords.Decode(r.Payload.Blob(SecAggProtocol.Masked), _maskedLength, _quantization.RingMask, SecAggProtocol.Masked));

    static void ExpectBlobs(StageReply reply, IReadOnlyCollection<string> expected)
    {
        foreach (var name in expected)
            if (!reply.Payload.Blobs.ContainsKey(name))
                throw new ReplyRejectedException(ReplyRejection.Malformed, $"payload blob '{name}' is missing");
        foreach (var name in reply.Payload.Blobs.Keys.Order(StringComparer.Ordinal))
            if (!expected.Contains(name))
                throw new ReplyRejectedException(ReplyRejection.Malformed, $"unexpected payload blob '{name}'");
    }

    static void ExpectSize(StageReply reply, string name, int min, int max)
    {
        int size = reply.Payload.Blobs[name].Length;
        if (size < min || size > max)
            throw new ReplyRejectedException(ReplyRejection.WrongSize, min == max
                ? $"'{name}' is {size} bytes, expected {min}" : $"'{name}' is {size} bytes, allowed {min}..{max}");
    }

    static void RejectUnless(bool condition, string reason, string detail)
    {
        if (!condition)
            throw new ReplyRejectedException(reason, detail);
    }

    SecureStep Next(string stage, StagePayload shared, IReadOnlyList<ClientInstruction> instructions)
    {
        _stage = stage;
        _instructed = new HashSet<string>(instructions.Select(i => i.ClientId), StringComparer.Ordinal);
        return new SecureStep(new StagePlan(stage, shared, instructions), null);
    }

    SecureStep Abort(string reason) => new(null, Finish(null, $"secure aggregation aborted at {_stage}: {reason}"));

    MaskedMean Finish(float[]? mean, string? abort) =>
        new(mean, abort, _sum?.Survivors.Count ?? 0, _trainLoss, _valuesClipped, _rejections.ToArray());

    /// <summary>The graph's relabelling seed: public, from the run seed and the round, so a run's graph reproduces.</summary>
    byte[] GraphSeed() => SHA256.HashData(Encoding.UTF8.GetBytes($"fedhybrid/v1/secagg-graph|{_seed}|{_round}"));

    static StagePayload Blobs(params (string Name, byte[] Bytes)[] blobs) =>
        new(new Dictionary<string, float[]>(), blobs.ToDictionary(b => b.Name, b => b.Bytes, StringComparer.Ordinal));
}
