using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FedHybrid.Learning.Models;

/// <summary>McMahan et al. 2017's "2NN": 784-200-200-10 with ReLU (199,210 parameters).</summary>
public sealed class Mlp2nn : Module<Tensor, Tensor>
{
    const int Inputs = ModelFactory.ImageSide * ModelFactory.ImageSide, Hidden = 200;

    // Registration order (= flat vector order): fc1, fc2, fc3; each weight then bias.
    readonly Module<Tensor, Tensor> fc1 = Linear(Inputs, Hidden);
    readonly Module<Tensor, Tensor> fc2 = Linear(Hidden, Hidden);
    readonly Module<Tensor, Tensor> fc3 = Linear(Hidden, ModelFactory.Classes);

    public Mlp2nn() : base("mlp2nn") => RegisterComponents();

    public static long ForwardFlopsPerSample { get; } =
        Flops.Linear(Inputs, Hidden) + Flops.Linear(Hidden, Hidden) + Flops.Linear(Hidden, ModelFactory.Classes);

    public override Tensor forward(Tensor input)
    {
        using var flat = input.flatten(1);
        using var h1 = fc1.forward(flat).relu_();
        using var h2 = fc2.forward(h1).relu_();
        return fc3.forward(h2);
    }
}
