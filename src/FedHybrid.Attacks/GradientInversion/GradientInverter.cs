using System.Diagnostics;
using System.Runtime.InteropServices;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>
/// A curious coordinator's reconstruction of a client's training batch from a gradient it can compute from an
/// update: a dummy batch is optimized until the gradient it produces at the published weights matches the
/// observed one (<see cref="InversionMethod"/>), differentiating through the gradient with TorchSharp's
/// autograd (create_graph). Labels are fixed beforehand (<see cref="LabelInference"/>). Not thread-safe.
/// </summary>
public sealed class GradientInverter : IDisposable
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly TorchSharp.Modules.Parameter[] parameters;
    bool disposed;

    public GradientInverter(string modelName, ReadOnlySpan<float> weights)
    {
        ModelName = ModelFactory.Canonical(modelName);
        model = ModelFactory.Create(ModelName);
        Layout = ParameterLayout.Of(model);
        ParameterVector.Write(model, weights);
        model.eval();
        parameters = model.parameters().ToArray();
    }

    public string ModelName { get; }

    public ParameterLayout Layout { get; }

    /// <summary>The gradient of the mean cross-entropy of <paramref name="batch"/> at the weights, flat (what one
    /// SGD step of a client scales by -lr).</summary>
    public float[] Gradient(LabeledImages batch)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        using var data = new Learning.Training.ImageTensors(batch);
        model.zero_grad();
        nn.functional.cross_entropy(model.forward(data.Images), data.Labels).backward();
        var flat = new float[Layout.Count];
        for (int i = 0; i < parameters.Length; i++)
        {
            var slot = Layout.Slots[i];
            MemoryMarshal.Cast<byte, float>(parameters[i].grad!.contiguous().bytes).CopyTo(flat.AsSpan(slot.Offset, slot.Length));
        }
        model.zero_grad();
        return flat;
    }

    /// <summary>Reconstructs <paramref name="labels"/>.Length images whose gradient matches <paramref name="target"/>
    /// (flat, in <see cref="Layout"/> order; any positive multiple of the gradient serves Inverting Gradients, DLG
    /// needs its scale).</summary>
    public InversionResult Invert(ReadOnlySpan<float> target, IReadOnlyList<int> labels, InversionOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (labels.Count == 0) throw new ArgumentException("at least one label is needed", nameof(labels));
        if (labels.Any(l => l < 0 || l >= ModelFactory.Classes))
            throw new ArgumentOutOfRangeException(nameof(labels), $"labels must be in 0..{ModelFactory.Classes - 1}");
        if (!IsFinite(target)) throw new ArgumentException("the target gradient holds a NaN or infinity", nameof(target));
        var watch = Stopwatch.StartNew();
        int side = ModelFactory.ImageSide, batch = labels.Count;
        var targets = ParameterVector.ToTensors(Layout, target);
        using var generator = new torch.Generator(unchecked((ulong)options.Seed));
        using var y = torch.tensor(labels.Select(l => (long)l).ToArray());
        using var start = torch.randn([batch, 1, side, side], generator: generator);
        using var dummy = new TorchSharp.Modules.Parameter(start, requires_grad: true);
        int evaluations = 0;
        double last;
        try
        {
            last = options.Method == InversionMethod.Dlg
                ? RunDlg(dummy, y, targets, options, ref evaluations, cancellationToken)
                : RunInvertingGradients(dummy, y, targets, options, ref evaluations, cancellationToken);
        }
        finally
        {
            foreach (var t in targets) t.Dispose();
            model.zero_grad();
        }
        var pixels = new float[batch * side * side];
        using (var done = dummy.detach().contiguous())
            MemoryMarshal.Cast<byte, float>(done.bytes).CopyTo(pixels);
        return new InversionResult(pixels, labels.ToArray(), last, evaluations, watch.Elapsed.TotalSeconds);
    }

    double RunDlg(TorchSharp.Modules.Parameter dummy, Tensor y, Tensor[] targets, InversionOptions options, ref int evaluations, CancellationToken cancellationToken)
    {
        using var optimizer = torch.optim.LBFGS([dummy], options.LearningRate, max_iter: options.LbfgsEvaluationsPerStep);
        int count = 0;
        double last = double.NaN;
        Tensor Closure()
        {
            optimizer.zero_grad();
            var grads = GradientsOf(dummy, y);
            var distance = torch.zeros(1);
            for (int i = 0; i < grads.Length; i++)
                distance = distance + (grads[i] - targets[i]).pow(2).sum();
            distance.backward();
            count++;
            return distance;
        }
        for (int step = 0; step < options.Iterations; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            last = optimizer.step(Closure).item<float>();
            if (!double.IsFinite(last)) break; // L-BFGS diverged; what it holds is the reconstruction
        }
        evaluations += count;
        return last;
    }

    double RunInvertingGradients(TorchSharp.Modules.Parameter dummy, Tensor y, Tensor[] targets, InversionOptions options, ref int evaluations, CancellationToken cancellationToken)
    {
        using var optimizer = torch.optim.Adam([dummy], options.LearningRate);
        var scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer,
            [options.Iterations * 3 / 8, options.Iterations * 5 / 8, options.Iterations * 7 / 8], 0.1);
        double targetNorm;
        using (var squares = torch.zeros(1))
        {
            foreach (var t in targets) squares.add_(t.pow(2).sum());
            targetNorm = Math.Sqrt(squares.item<float>());
        }
        if (!(targetNorm > 0)) throw new ArgumentException("the target gradient is zero: there is nothing to invert");
        float low = (0 - Normalization.Mean) / Normalization.StdDev, high = (1 - Normalization.Mean) / Normalization.StdDev;
        double last = double.NaN;
        for (int step = 0; step < options.Iterations; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var grads = GradientsOf(dummy, y);
            var dot = torch.zeros(1);
            var norm = torch.zeros(1);
            for (int i = 0; i < grads.Length; i++)
            {
                dot = dot + (grads[i] * targets[i]).sum();
                norm = norm + grads[i].pow(2).sum();
            }
            var objective = 1 - dot / (norm.sqrt() * targetNorm + 1e-12) + options.TotalVariationWeight * TotalVariation(dummy);
            objective.backward();
            if (options.SignedGradients)
                using (torch.no_grad()) dummy.grad!.sign_();
            optimizer.step();
            scheduler.step();
            using (torch.no_grad()) dummy.clamp_(low, high); // Geiping et al.'s box: inputs stay in the data range
            last = objective.item<float>();
            evaluations++;
        }
        return last;
    }

    // The parameters' gradient of the mean loss of (dummy, y), kept differentiable in dummy.
    Tensor[] GradientsOf(Tensor dummy, Tensor y)
    {
        var loss = nn.functional.cross_entropy(model.forward(dummy), y);
        return torch.autograd.grad([loss], parameters, retain_graph: true, create_graph: true).ToArray();
    }

    // Anisotropic total variation as Geiping et al. compute it: mean absolute difference of vertical and horizontal neighbours.
    static Tensor TotalVariation(Tensor x)
    {
        long rows = x.shape[2], cols = x.shape[3];
        var dy = (x.narrow(2, 1, rows - 1) - x.narrow(2, 0, rows - 1)).abs().mean();
        var dx = (x.narrow(3, 1, cols - 1) - x.narrow(3, 0, cols - 1)).abs().mean();
        return dx + dy;
    }

    static bool IsFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values) if (!float.IsFinite(v)) return false;
        return true;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        model.Dispose();
    }
}
