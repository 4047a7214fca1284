namespace FedHybrid.Experiments.Config;

/// <summary>The model every client trains.</summary>
public sealed record ModelSection
{
    /// <summary>mlp2nn, cnn or lenet.</summary>
    public string Name { get; init; } = "cnn";
}
