namespace FedHybrid.Federation.Training;

/// <summary>Local training hyper-parameters sent to clients with each fit task.</summary>
public sealed record TrainingSettings(int Epochs, int BatchSize, double LearningRate, double Momentum, double WeightDecay, double ProximalMu);
