using Xunit;
using FedHybrid.Learning.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Tests.Models;

public class ModelFactoryTests
{
    static long Parameters(nn.Module model) => model.parameters().Sum(p => p.numel());

    // The counts the papers state (McMahan et al. 2017) and NIID-Bench's SimpleCNN for 28x28 inputs:
    // (6*25+6) + (16*6*25+16) + (256*120+120) + (120*84+84) + (84*10+10) = 44,426.
    [Theory]
    [InlineData("mlp2nn", 199_210)]
    [InlineData("cnn", 1_663_370)]
    [InlineData("lenet", 44_426)]
    public void ModelsHaveThePublishedParameterCounts(string name, long expected)
    {
        using var model = ModelFactory.Create(name);
        Assert.Equal(expected, Parameters(model));
        Assert.Equal(expected, ModelFactory.ParameterCount(name));
    }

    [Theory]
    [InlineData("mlp2nn")]
    [InlineData("cnn")]
    [InlineData("lenet")]
    public void ModelsMapABatchOfImagesToTenLogits(string name)
    {
        using var model = ModelFactory.Create(name);
        using var scope = torch.NewDisposeScope();
        var output = model.forward(torch.randn(3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 10 }, output.shape);
    }

    [Fact]
    public void NamesAreCaseInsensitive()
    {
        using var model = ModelFactory.Create(" CNN ");
        Assert.Equal(1_663_370, Parameters(model));
    }

    [Fact]
    public void AnUnknownNameListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelFactory.Create("resnet50"));
        Assert.Contains("resnet50", error.Message);
        foreach (var name in ModelFactory.Names) Assert.Contains(name, error.Message);
    }

    // Forward FLOPs = 2 x multiply-adds of the conv and linear layers, written out by hand here.
    [Fact]
    public void FlopsPerSampleCountTheMultiplyAdds()
    {
        Assert.Equal(2L * (784 * 200 + 200 * 200 + 200 * 10), ModelFactory.ForwardFlopsPerSample("mlp2nn"));
        long cnnMacs = 28 * 28 * 32 * 25 * 1 + 14 * 14 * 64 * 25 * 32 + 3136 * 512 + 512 * 10;
        Assert.Equal(2 * cnnMacs, ModelFactory.ForwardFlopsPerSample("cnn"));
        long lenetMacs = 24 * 24 * 6 * 25 + 8 * 8 * 16 * 25 * 6 + 256 * 120 + 120 * 84 + 84 * 10;
        Assert.Equal(2 * lenetMacs, ModelFactory.ForwardFlopsPerSample("lenet"));
    }
}
