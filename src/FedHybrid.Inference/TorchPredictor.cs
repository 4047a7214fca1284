using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Inference;

/// <summary>A FedHybrid.Learning model with fixed weights, in evaluation mode. Forward passes are
/// serialized: one TorchSharp module is not safe to run from several threads at once.</summary>
public sealed class TorchPredictor : IPredictor, IDisposable
{
    readonly nn.Module<Tensor, Tensor> _model;
    readonly Lock _gate = new();

    public TorchPredictor(string modelName, ReadOnlySpan<float> weights)
    {
        ModelName = ModelFactory.Canonical(modelName);
        _model = ModelFactory.Create(ModelName);
        ParameterVector.Write(_model, weights);
        _model.eval();
    }

    public string ModelName { get; }

    public int Classes => ModelFactory.Classes;

    /// <summary>The number of parameters of each known model, to recognise a weight vector's model.</summary>
    public static string ModelForParameterCount(long count)
    {
        foreach (var name in ModelFactory.Names)
        {
            using var model = ModelFactory.Create(name);
            if (ParameterLayout.Of(model).Count == count)
                return name;
        }
        throw new ArgumentException($"no known model ({string.Join(", ", ModelFactory.Names)}) has {count} parameters; pass the model name explicitly");
    }

    public float[] Predict(ReadOnlySpan<float> pixels, int batch)
    {
        var input = pixels.ToArray();
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = tensor(input, [batch, 1, ModelFactory.ImageSide, ModelFactory.ImageSide]);
            return _model.forward(x).data<float>().ToArray();
        }
    }

    public void Dispose() => _model.Dispose();
}
