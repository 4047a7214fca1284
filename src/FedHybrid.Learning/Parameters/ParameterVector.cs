using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Parameters;

/// <summary>
/// Copies a model's parameters to and from one flat float vector in <see cref="ParameterLayout"/>
/// order. Each tensor is one block copy of its CPU memory (no per-element loop), and so is
/// <see cref="Subtract"/>, which is vectorized.
/// </summary>
public static class ParameterVector
{
    /// <summary>The model's parameters as a new vector.</summary>
    public static float[] Read(nn.Module model)
    {
        var vector = new float[ParameterLayout.Of(model).Count];
        Read(model, vector);
        return vector;
    }

    /// <summary>Writes the model's parameters into <paramref name="destination"/> (exactly its length).</summary>
    public static void Read(nn.Module model, Span<float> destination)
    {
        int offset = 0;
        foreach (var parameter in model.parameters())
        {
            var source = MemoryMarshal.Cast<byte, float>(Contiguous(parameter).bytes);
            if (offset + source.Length > destination.Length) throw LengthMismatch(model, destination.Length);
            source.CopyTo(destination.Slice(offset));
            offset += source.Length;
        }
        if (offset != destination.Length) throw LengthMismatch(model, destination.Length);
    }

    /// <summary>Overwrites the model's parameters with <paramref name="source"/> (exactly its length).</summary>
    public static void Write(nn.Module model, ReadOnlySpan<float> source)
    {
        int total = 0;
        foreach (var parameter in model.parameters()) total += (int)parameter.numel();
        if (total != source.Length) throw LengthMismatch(model, source.Length);
        int offset = 0;
        foreach (var parameter in model.parameters())
        {
            var target = Contiguous(parameter).bytes;
            MemoryMarshal.AsBytes(source.Slice(offset, target.Length / sizeof(float))).CopyTo(target);
            offset += target.Length / sizeof(float);
        }
    }

    /// <summary>Loads <paramref name="source"/> into tensors shaped like the layout's slots (e.g. a FedProx anchor).</summary>
    public static Tensor[] ToTensors(ParameterLayout layout, ReadOnlySpan<float> source)
    {
        if (source.Length != layout.Count)
            throw new ArgumentException($"vector has {source.Length} floats, the layout needs {layout.Count}", nameof(source));
        var tensors = new Tensor[layout.Slots.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            var slot = layout.Slots[i];
            tensors[i] = torch.empty(slot.Shape.ToArray(), ScalarType.Float32);
            MemoryMarshal.AsBytes(source.Slice(slot.Offset, slot.Length)).CopyTo(tensors[i].bytes);
        }
        return tensors;
    }

    /// <summary>delta = local - global, as a new vector (what a client sends back).</summary>
    public static float[] Delta(ReadOnlySpan<float> local, ReadOnlySpan<float> global)
    {
        var delta = new float[local.Length];
        Subtract(local, global, delta);
        return delta;
    }

    /// <summary>destination = left - right, element-wise, SIMD-wide.</summary>
    public static void Subtract(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> destination)
    {
        if (left.Length != right.Length || left.Length != destination.Length)
            throw new ArgumentException($"vector lengths differ: {left.Length}, {right.Length}, {destination.Length}");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var l = MemoryMarshal.Cast<float, Vector<float>>(left);
            var r = MemoryMarshal.Cast<float, Vector<float>>(right);
            var d = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < l.Length; v++) d[v] = l[v] - r[v];
            i = l.Length * Vector<float>.Count;
        }
        for (; i < left.Length; i++) destination[i] = left[i] - right[i];
    }

    static Tensor Contiguous(Tensor parameter)
    {
        if (parameter.device_type != DeviceType.CPU || parameter.dtype != ScalarType.Float32 || !parameter.is_contiguous())
            throw new NotSupportedException("flat vectors need contiguous float32 CPU parameters");
        return parameter;
    }

    static ArgumentException LengthMismatch(nn.Module model, int length) =>
        new($"vector has {length} floats, the model has {ParameterLayout.Of(model).Count} parameters");
}
