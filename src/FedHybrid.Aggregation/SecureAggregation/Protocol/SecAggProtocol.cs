namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>
/// The names a secure-aggregation round and its clients agree on, in one place (as
/// <see cref="Strategies.FitProtocol"/> for plain fit): the four stages of SecAgg+ (Bell et al., CCS 2020,
/// over Bonawitz et al., CCS 2017), their config keys and payload blob names. A client is known in the
/// round by its <em>index</em>: its position among the clients that advertised keys, in ordinal id order;
/// it holds Shamir point index + 1 of each neighbour's secrets. Changing a name is a protocol change.
/// </summary>
public static class SecAggProtocol
{
    // Stages, in order.

    /// <summary>Each sampled client advertises its per-round masking public key and its identity keys.</summary>
    public const string AdvertiseKeysStage = "advertise-keys";

    /// <summary>Each client Shamir-shares its self-mask seed and masking secret among its neighbours,
    /// one envelope sealed to each neighbour, relayed by the coordinator.</summary>
    public const string ShareKeysStage = "share-keys";

    /// <summary>Each client trains, clips, quantizes and masks its update.</summary>
    public const string MaskedFitStage = "masked-fit";

    /// <summary>Each surviving client reveals, per neighbour, the share the coordinator needs: of the
    /// self-mask seed for a neighbour that sent a masked input, of the masking secret for one that did not.</summary>
    public const string UnmaskStage = "unmask";

    public static readonly IReadOnlyList<string> Stages = [AdvertiseKeysStage, ShareKeysStage, MaskedFitStage, UnmaskStage];

    // advertise-keys reply blobs (and the reply metric sample_count: the client's training examples).

    /// <summary>The per-round public key of the masking agreement (X25519, or X-Wing for the post-quantum suite).</summary>
    public const string MaskingKey = "masking_key";

    /// <summary>The client's envelope public key, which its neighbours seal their shares to.</summary>
    public const string EnvelopeKey = "envelope_key";

    /// <summary>The client's signing public key, which its neighbours authenticate its shares with.</summary>
    public const string SigningKey = "signing_key";

    // share-keys instruction.

    /// <summary>Config: this client's index.</summary>
    public const string Index = "secagg_index";

    /// <summary>Config: t, the shares that reconstruct a secret.</summary>
    public const string Threshold = "secagg_threshold";

    /// <summary>Own blob: the client's neighbours (<see cref="NeighbourRoster"/>).</summary>
    public const string Roster = "roster";

    // share-keys reply blobs, one per neighbour; relayed to that neighbour in masked-fit under the sender's id.

    /// <summary><c>share/&lt;peer id&gt;</c>: the envelope sealed to the peer holding both shares for it.</summary>
    public static string ShareFor(string peerId) => "share/" + peerId;

    /// <summary><c>encapsulation/&lt;peer id&gt;</c>: with X-Wing, the lower id's encapsulation to the higher,
    /// also given to the coordinator in the clear (a KEM ciphertext reveals nothing) so that it can recompute
    /// the pair's seed if the higher id drops.</summary>
    public static string EncapsulationFor(string peerId) => "encapsulation/" + peerId;

    // masked-fit instruction (beside the fit settings) and reply.

    /// <summary>Own blob: indices of the neighbours whose shares were relayed (the graph the client masks on).</summary>
    public const string Present = "present";

    /// <summary>Config: the divisor of the client's sample count: it masks (n_i / scale) times its clipped delta.</summary>
    public const string WeightScale = "secagg_weight_scale";

    /// <summary>Config: the quantization (see <see cref="QuantizationParameters"/>).</summary>
    public const string Bits = "secagg_bits";
    public const string ClipRange = "secagg_clip_range";
    public const string Levels = "secagg_levels";
    public const string MaxCohort = "secagg_max_cohort";

    /// <summary>Config, optional: the L2 bound the client clips its delta to before anything else (norm bounding).</summary>
    public const string NormBound = "secagg_norm_bound";

    /// <summary>Config, with distributed DP in place of the quantization above (beside <see cref="Bits"/>): the client
    /// clips to this L2 norm, rotates with the public seed, scales by 1/granularity, rounds conditionally with beta, adds
    /// its noise share of the given variance (integer units) and masks the padded vector, unweighted
    /// (<see cref="Privacy.DistributedDpEncoding"/>).</summary>
    public const string DdpClipNorm = "secagg_ddp_clip_norm";
    public const string DdpGranularity = "secagg_ddp_granularity";
    public const string DdpBeta = "secagg_ddp_beta";
    public const string DdpLocalVariance = "secagg_ddp_local_variance";
    public const string DdpRotationSeed = "secagg_ddp_rotation_seed";

    /// <summary>Config: <see cref="DdpDiscreteGaussian"/> or <see cref="DdpSkellam"/>.</summary>
    public const string DdpNoise = "secagg_ddp_noise";
    public const string DdpDiscreteGaussian = "discrete-gaussian";
    public const string DdpSkellam = "skellam";

    /// <summary>Config: true when the client draws its rounding and noise from the OS CSPRNG, false for the run's seed.</summary>
    public const string DdpSystemNoise = "secagg_ddp_system_noise";

    /// <summary>Reply blob: y_i, the masked quantized update, little-endian uint32 words.</summary>
    public const string Masked = "masked";

    // unmask instruction and reply.

    /// <summary>Own blobs: the indices that sent a masked input, and those that delivered shares but did not.</summary>
    public const string Survivors = "survivors";
    public const string Dropped = "dropped";

    /// <summary>Reply blob <c>self/&lt;peer id&gt;</c>: the share of a surviving peer's self-mask seed.</summary>
    public static string SelfShareOf(string peerId) => "self/" + peerId;

    /// <summary>Reply blob <c>key/&lt;peer id&gt;</c>: the share of a dropped peer's masking secret.</summary>
    public static string KeyShareOf(string peerId) => "key/" + peerId;
}
