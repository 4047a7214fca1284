using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Parameters;

/// <summary>
/// The order of a model's parameters in its flat vector: the model's named parameters in module
/// registration order (e.g. conv1.weight, conv1.bias, conv2.weight, ...), each tensor's elements
/// in row-major (C) order, packed back to back with no padding. Two models of the same
/// architecture have equal layouts, so a vector from one loads into the other.
/// </summary>
public sealed class ParameterLayout : IEquatable<ParameterLayout>
{
    ParameterLayout(IReadOnlyList<ParameterSlot> slots, int count)
    {
        Slots = slots;
        Count = count;
    }

    public IReadOnlyList<ParameterSlot> Slots { get; }

    /// <summary>Total number of floats in the vector.</summary>
    public int Count { get; }

    public static ParameterLayout Of(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slots = new List<ParameterSlot>();
        long offset = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            long length = parameter.numel();
            if (offset + length > int.MaxValue)
                throw new NotSupportedException($"model has more than {int.MaxValue} parameters; a flat float[] cannot hold it");
            slots.Add(new ParameterSlot(name, parameter.shape, (int)offset, (int)length));
            offset += length;
        }
        return new ParameterLayout(slots, (int)offset);
    }

    public bool Equals(ParameterLayout? other) =>
        other is not null && Count == other.Count && Slots.Count == other.Slots.Count
        && Slots.Zip(other.Slots).All(p => p.First.Name == p.Second.Name && p.First.Offset == p.Second.Offset
                                           && p.First.Shape.SequenceEqual(p.Second.Shape));

    public override bool Equals(object? obj) => Equals(obj as ParameterLayout);

    public override int GetHashCode() => HashCode.Combine(Count, Slots.Count);

    public override string ToString() => string.Join(Environment.NewLine, Slots);
}
