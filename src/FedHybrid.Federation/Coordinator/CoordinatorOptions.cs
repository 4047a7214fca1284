namespace FedHybrid.Federation.Coordinator;

/// <summary>How the coordinator runs: the run's identity and model, rounds, the default stage deadline,
/// scheduling, message size limits and the sample counts clients may claim. What clients are asked
/// to do (training settings, quorum) is the strategy's.</summary>
public sealed record CoordinatorOptions(
    string RunId,
    string Model,
    int Rounds,
    TimeSpan RoundDeadline,
    TimeSpan JoinTimeout,
    int ThreadsPerClient,
    int TrainingSlots,
    string OutputDirectory)
{
    /// <summary>How long a client trains before it gives its training slot back and queues again
    /// (<see cref="TrainingSlots.TimeSlice"/>); zero: it holds the slot until its fit ends.</summary>
    public TimeSpan TrainingTimeSlice { get; init; }

    /// <summary>Largest chunk of a model or update on the wire.</summary>
    public int MaxChunkBytes { get; init; } = 1 << 20;

    /// <summary>The largest sample count each client may claim for its update (its FedAvg weight).</summary>
    public required SampleLimits Samples { get; init; }

    /// <summary>How long a join challenge may be used after it was issued.</summary>
    public TimeSpan JoinChallengeLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many model-sized vectors one stage message may carry (a delta and a control variate ...):
    /// with the model size, it bounds the bytes a client may upload.</summary>
    public int MaxVectorsPerMessage { get; init; } = 4;

    /// <summary>Envelope overhead allowed above the plaintext size (headers, wrapped keys, tags).</summary>
    public int EnvelopeOverheadBytes { get; init; } = 1 << 20;
}
