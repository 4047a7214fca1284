namespace FedHybrid.Learning.Training;

/// <summary>
/// The outcome of local training: the new weights (flat, in the model's layout), the mean training
/// loss over all samples seen, the number of samples in the shard (FedAvg's weight), the number of
/// optimizer steps taken (one per batch: FedNova's tau_i, SCAFFOLD's K) and the time taken.
/// </summary>
public sealed record TrainingResult(float[] Weights, double MeanLoss, int Samples, int Steps, double Seconds);
