namespace FedHybrid.Learning.Data;

/// <summary>Fashion-MNIST's training and test sets and the source they were read from.</summary>
public sealed record FashionMnistData(LabeledImages Train, LabeledImages Test, DataSource Source)
{
    /// <summary>One line for the user, e.g. "Fashion-MNIST from /usr/share/datasets/fashion-mnist
    /// (Debian package dataset-fashion-mnist): 60,000 train, 10,000 test".</summary>
    public string Description => $"Fashion-MNIST from {Source.Directory} ({Source.Origin}): {Train.Count:N0} train, {Test.Count:N0} test";
}
