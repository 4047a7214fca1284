namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedNova's options: the shared selection and quorum settings only. Its normalizer follows
/// from each client's reported local step count and the run's local momentum; the paper's update has
/// no further hyperparameter.</summary>
public sealed record FedNovaOptions : FitOptions;
