namespace FedHybrid.Aggregation;

/// <summary>FedAvg's knobs: the fraction of clients sampled per round, the minimum sampled, the
/// sampling seed, and the server learning rate applied to the averaged delta (1 = plain FedAvg).</summary>
public sealed record FedAvgOptions(double FractionFit = 1.0, int MinFitClients = 1, long Seed = 0, double ServerLearningRate = 1.0);
