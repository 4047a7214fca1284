using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FedHybrid.Learning.Models;

/// <summary>
/// NIID-Bench's SimpleCNN for 28x28 inputs (LeNet-5 style): conv 5x5 6, max pool 2x2, conv 5x5 16,
/// max pool 2x2, fc 120, fc 84, fc 10, ReLU, unpadded convolutions (28 -> 24 -> 12 -> 8 -> 4).
/// </summary>
public sealed class LeNet : Module<Tensor, Tensor>
{
    const int Side = ModelFactory.ImageSide, C1 = 6, C2 = 16, K = 5, H1 = 120, H2 = 84;
    const int Side1 = Side - K + 1, Side2 = Side1 / 2 - K + 1, Flat = Side2 / 2 * (Side2 / 2) * C2;

    // Registration order (= flat vector order): conv1, conv2, fc1, fc2, fc3; each weight then bias.
    readonly Module<Tensor, Tensor> conv1 = Conv2d(1, C1, K);
    readonly Module<Tensor, Tensor> conv2 = Conv2d(C1, C2, K);
    readonly Module<Tensor, Tensor> fc1 = Linear(Flat, H1);
    readonly Module<Tensor, Tensor> fc2 = Linear(H1, H2);
    readonly Module<Tensor, Tensor> fc3 = Linear(H2, ModelFactory.Classes);

    public LeNet() : base("lenet") => RegisterComponents();

    public static long ForwardFlopsPerSample { get; } =
        Flops.Conv2d(1, C1, K, Side1, Side1) + Flops.Conv2d(C1, C2, K, Side2, Side2)
        + Flops.Linear(Flat, H1) + Flops.Linear(H1, H2) + Flops.Linear(H2, ModelFactory.Classes);

    public override Tensor forward(Tensor input)
    {
        using var c1 = conv1.forward(input).relu_();
        using var p1 = functional.max_pool2d(c1, 2);
        using var c2 = conv2.forward(p1).relu_();
        using var p2 = functional.max_pool2d(c2, 2);
        using var flat = p2.flatten(1);
        using var h1 = fc1.forward(flat).relu_();
        using var h2 = fc2.forward(h1).relu_();
        return fc3.forward(h2);
    }
}
