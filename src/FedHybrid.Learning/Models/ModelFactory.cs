using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Models;

/// <summary>The models a run can name, all for 1x28x28 inputs and 10 classes.</summary>
public static class ModelFactory
{
    public const int ImageSide = 28;
    public const int Classes = 10;

    /// <summary>The valid names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mlp2nn", "cnn", "lenet"];

    /// <summary>A new model with TorchSharp's default initialization (seed it with torch.manual_seed).</summary>
    public static nn.Module<Tensor, Tensor> Create(string name) => Canonical(name) switch
    {
        "mlp2nn" => new Mlp2nn(),
        "cnn" => new McMahanCnn(),
        _ => new LeNet(),
    };

    /// <summary>How many trainable values the model has (the length of its flat parameter vector).</summary>
    public static int ParameterCount(string name)
    {
        using var model = Create(name);
        return checked((int)model.parameters().Sum(p => p.numel()));
    }

    /// <summary>Forward FLOPs for one sample (2 x multiply-adds); a training step costs about 3x that.</summary>
    public static long ForwardFlopsPerSample(string name) => Canonical(name) switch
    {
        "mlp2nn" => Mlp2nn.ForwardFlopsPerSample,
        "cnn" => McMahanCnn.ForwardFlopsPerSample,
        _ => LeNet.ForwardFlopsPerSample,
    };

    /// <summary>The name in canonical (lower) case; throws naming the valid ones if it is unknown.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var known in Names)
            if (string.Equals(known, name.Trim(), StringComparison.OrdinalIgnoreCase)) return known;
        throw new ArgumentException($"unknown model '{name}'; valid models: {string.Join(", ", Names)}", nameof(name));
    }
}
