namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// A fit reply that passed the strategy's checks: the model delta, every other vector the strategy
/// asked for (SCAFFOLD's control delta), all of the model's length and finite, and the metrics the
/// protocol requires (<see cref="FitProtocol"/>).
/// </summary>
public sealed record FitReply(string ClientId, float[] Delta, long SampleCount, double TrainLoss, long LocalSteps,
    IReadOnlyDictionary<string, float[]> Vectors);
