namespace FedHybrid.Federation.Training;

/// <summary>What local training produced: the trained weights, the samples seen per epoch, and the
/// mean training loss of the last epoch.</summary>
public sealed record LocalFitResult(float[] Weights, long SampleCount, double TrainLoss);
