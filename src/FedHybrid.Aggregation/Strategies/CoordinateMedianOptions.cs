namespace FedHybrid.Aggregation.Strategies;

/// <summary>The coordinate-wise median's options: the shared selection and quorum settings only. The
/// rule (Yin et al. 2018) has no hyperparameter.</summary>
public sealed record CoordinateMedianOptions : FitOptions;
