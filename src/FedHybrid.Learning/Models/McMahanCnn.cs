using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FedHybrid.Learning.Models;

/// <summary>
/// McMahan et al. 2017's CNN: conv 5x5 32, max pool 2x2, conv 5x5 64, max pool 2x2, fc 512, fc 10.
/// The convolutions pad by 2 ("same"), which is what gives the paper's 1,663,370 parameters
/// (28 -> 14 -> 7, so the first fully connected layer sees 7*7*64 = 3,136 inputs).
/// </summary>
public sealed class McMahanCnn : Module<Tensor, Tensor>
{
    const int Side = ModelFactory.ImageSide, C1 = 32, C2 = 64, K = 5, Hidden = 512;
    const int Flat = Side / 4 * (Side / 4) * C2;

    // Registration order (= flat vector order): conv1, conv2, fc1, fc2; each weight then bias.
    readonly Module<Tensor, Tensor> conv1 = Conv2d(1, C1, K, padding: K / 2);
    readonly Module<Tensor, Tensor> conv2 = Conv2d(C1, C2, K, padding: K / 2);
    readonly Module<Tensor, Tensor> fc1 = Linear(Flat, Hidden);
    readonly Module<Tensor, Tensor> fc2 = Linear(Hidden, ModelFactory.Classes);

    public McMahanCnn() : base("cnn") => RegisterComponents();

    public static long ForwardFlopsPerSample { get; } =
        Flops.Conv2d(1, C1, K, Side, Side) + Flops.Conv2d(C1, C2, K, Side / 2, Side / 2)
        + Flops.Linear(Flat, Hidden) + Flops.Linear(Hidden, ModelFactory.Classes);

    public override Tensor forward(Tensor input)
    {
        using var c1 = conv1.forward(input).relu_();
        using var p1 = functional.max_pool2d(c1, 2);
        using var c2 = conv2.forward(p1).relu_();
        using var p2 = functional.max_pool2d(c2, 2);
        using var flat = p2.flatten(1);
        using var h = fc1.forward(flat).relu_();
        return fc2.forward(h);
    }
}
