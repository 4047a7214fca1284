using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Tests.Native;

public class TorchSharpLoadTests
{
    [Fact]
    public void LibTorchLoadsAndAFewSgdStepsLowerALoss()
    {
        // Fits y = 3x - 1 with one linear unit: if the native library did not load, the first
        // torch call throws (DllNotFoundException / TypeInitializationException).
        torch.manual_seed(7);
        using var x = torch.linspace(-1, 1, 64).reshape(64, 1);
        using var y = x * 3 - 1;
        using var layer = nn.Linear(1, 1);
        using var optimizer = torch.optim.SGD(layer.parameters(), 0.1);
        float first = 0, last = 0;
        for (int step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(layer.forward(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first / 4, $"loss went from {first} to {last}");
    }
}
