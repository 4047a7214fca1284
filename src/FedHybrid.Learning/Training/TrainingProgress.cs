namespace FedHybrid.Learning.Training;

/// <summary>Reported after each batch: epoch (1-based), samples done in it, samples an epoch, the batch's loss.</summary>
public readonly record struct TrainingProgress(int Epoch, int SamplesDone, int SamplesPerEpoch, double BatchLoss);
