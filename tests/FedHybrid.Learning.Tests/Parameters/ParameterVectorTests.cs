using Xunit;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using TorchSharp;

namespace FedHybrid.Learning.Tests.Parameters;

public class ParameterVectorTests
{
    [Fact]
    public void TheLayoutListsNamedParametersInRegistrationOrderBackToBack()
    {
        using var model = ModelFactory.Create("cnn");
        var layout = ParameterLayout.Of(model);
        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
            layout.Slots.Select(s => s.Name));
        Assert.Equal(new long[] { 32, 1, 5, 5 }, layout.Slots[0].Shape);
        int offset = 0;
        foreach (var slot in layout.Slots)
        {
            Assert.Equal(offset, slot.Offset);
            Assert.Equal(slot.Shape.Aggregate(1L, (a, b) => a * b), slot.Length);
            offset += slot.Length;
        }
        Assert.Equal(offset, layout.Count);
        Assert.Equal(1_663_370, layout.Count);
    }

    [Fact]
    public void TheVectorMatchesEachTensorInRowMajorOrder()
    {
        torch.manual_seed(1);
        using var model = ModelFactory.Create("lenet");
        var layout = ParameterLayout.Of(model);
        float[] vector = ParameterVector.Read(model);
        foreach (var ((name, parameter), slot) in model.named_parameters().Zip(layout.Slots))
        {
            Assert.Equal(name, slot.Name);
            Assert.Equal(parameter.data<float>().ToArray(), vector.AsSpan(slot.Offset, slot.Length).ToArray());
        }
    }

    [Theory]
    [InlineData("mlp2nn")]
    [InlineData("cnn")]
    [InlineData("lenet")]
    public void WriteThenReadRoundTripsExactly(string name)
    {
        torch.manual_seed(2);
        using var source = ModelFactory.Create(name);
        using var target = ModelFactory.Create(name);
        float[] vector = ParameterVector.Read(source);
        Assert.NotEqual(vector, ParameterVector.Read(target));
        ParameterVector.Write(target, vector);
        Assert.Equal(vector, ParameterVector.Read(target));
        Assert.Equal(ParameterLayout.Of(source), ParameterLayout.Of(target));
    }

    [Fact]
    public void WrittenWeightsChangeWhatTheModelComputes()
    {
        using var model = ModelFactory.Create("mlp2nn");
        ParameterVector.Write(model, new float[ParameterLayout.Of(model).Count]);
        using var output = model.forward(torch.ones(2, 1, 28, 28));
        Assert.All(output.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AVectorOfTheWrongLengthIsRejected()
    {
        using var model = ModelFactory.Create("lenet");
        var error = Assert.Throws<ArgumentException>(() => ParameterVector.Write(model, new float[100]));
        Assert.Contains("44426", error.Message);
        Assert.Throws<ArgumentException>(() => ParameterVector.Read(model, new float[44_427]));
    }

    [Fact]
    public void ToTensorsSplitsTheVectorByLayout()
    {
        using var model = ModelFactory.Create("lenet");
        var layout = ParameterLayout.Of(model);
        float[] vector = Enumerable.Range(0, layout.Count).Select(i => (float)i).ToArray();
        var tensors = ParameterVector.ToTensors(layout, vector);
        for (int i = 0; i < tensors.Length; i++)
        {
            Assert.Equal(layout.Slots[i].Shape, tensors[i].shape);
            Assert.Equal(vector.AsSpan(layout.Slots[i].Offset, layout.Slots[i].Length).ToArray(), tensors[i].data<float>().ToArray());
            tensors[i].Dispose();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(1001)]
    public void DeltaIsLocalMinusGlobalForEveryLength(int length)
    {
        var random = new Random(length);
        float[] local = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
        float[] global = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
        float[] delta = ParameterVector.Delta(local, global);
        Assert.Equal(local.Zip(global, (l, g) => l - g), delta);
    }

    [Fact]
    public void DeltaRejectsVectorsOfDifferentLengths() =>
        Assert.Throws<ArgumentException>(() => ParameterVector.Delta(new float[3], new float[4]));
}
