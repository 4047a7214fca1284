namespace FedHybrid.Federation.Training;

/// <summary>What local training produced: the trained weights, the samples seen per epoch, the mean
/// training loss, and the optimizer steps taken (FedNova normalizes by them).</summary>
public sealed record LocalFitResult(float[] Weights, long SampleCount, double TrainLoss, int Steps);
