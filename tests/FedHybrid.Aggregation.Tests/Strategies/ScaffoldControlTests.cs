using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class ScaffoldControlTests
{
    [Fact]
    public void OptionTwoUpdatesTheClientControlFromTheModelDrift()
    {
        // c_i+ = c_i - c + (x - y_i) / (K * eta_l), K = 4, eta_l = 0.05 (K*eta_l = 0.2):
        // [0.1 - 0.3 + (1 - 0.8)/0.2, -0.2 - 0.1 + (2 - 2.1)/0.2] = [0.8, -0.8]
        var next = ScaffoldControl.ClientUpdate(clientControl: [0.1f, -0.2f], serverControl: [0.3f, 0.1f], global: [1f, 2f], local: [0.8f, 2.1f], steps: 4, learningRate: 0.05);
        Assert.Equal([0.7999999523162842f, -0.7999995350837708f], next);
    }

    [Fact]
    public void TheCorrectionIsTheServerControlMinusTheClients()
    {
        // [0.75 - 0.25, 0.5 - (-0.25)] (binary-exact values: float subtraction rounds nothing)
        Assert.Equal([0.5f, 0.75f], ScaffoldControl.Correction([0.75f, 0.5f], [0.25f, -0.25f]));
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ScaffoldControl.ClientUpdate([0f], [0f, 0f], [0f], [0f], 1, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaffoldControl.ClientUpdate([0f], [0f], [0f], [0f], 0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaffoldControl.ClientUpdate([0f], [0f], [0f], [0f], 1, 0));
    }
}
