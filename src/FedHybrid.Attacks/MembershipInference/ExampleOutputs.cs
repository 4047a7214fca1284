using System.Runtime.InteropServices;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using FedHybrid.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Attacks.MembershipInference;

/// <summary>What a published model says about each example: its cross-entropy loss (Yeom et al.'s signal) and
/// its logit-scaled confidence phi = log(p_y / (1 - p_y)) in the true class (LiRA's), computed stably as
/// z_y - logsumexp over the other logits.</summary>
public sealed record ExampleOutputs(double[] Loss, double[] ScaledConfidence)
{
    const int Batch = 1000;

    public int Count => Loss.Length;

    public static ExampleOutputs Of(string modelName, ReadOnlySpan<float> weights, LabeledImages examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        using var model = ModelFactory.Create(modelName);
        ParameterVector.Write(model, weights);
        model.eval();
        using var data = new ImageTensors(examples);
        var loss = new double[examples.Count];
        var phi = new double[examples.Count];
        using var noGrad = torch.no_grad();
        for (int start = 0; start < examples.Count; start += Batch)
        {
            using var scope = torch.NewDisposeScope();
            int size = Math.Min(Batch, examples.Count - start);
            var logits = model.forward(data.Images.narrow(0, start, size)).to_type(ScalarType.Float64);
            var y = data.Labels.narrow(0, start, size).unsqueeze(1);
            var trueLogit = logits.gather(1, y).squeeze(1);
            var all = logits.logsumexp(1);
            var others = logits.scatter(1, y, torch.full([size, 1], double.NegativeInfinity, ScalarType.Float64)).logsumexp(1);
            Copy(all - trueLogit, loss.AsSpan(start, size));
            Copy(trueLogit - others, phi.AsSpan(start, size));
        }
        return new ExampleOutputs(loss, phi);
    }

    static void Copy(Tensor values, Span<double> destination) =>
        MemoryMarshal.Cast<byte, double>(values.contiguous().bytes).CopyTo(destination);
}
