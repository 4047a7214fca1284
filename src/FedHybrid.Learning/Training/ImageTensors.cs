using System.Runtime.InteropServices;
using FedHybrid.Learning.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Learning.Training;

/// <summary>
/// A whole dataset as two tensors, built once with one block copy each, so that a batch is an
/// index_select (or narrow) over them rather than a per-batch conversion from managed arrays.
/// </summary>
public sealed class ImageTensors : IDisposable
{
    public ImageTensors(LabeledImages data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Pixels.Length != (long)data.Count * data.PixelsPerImage)
            throw new ArgumentException($"{data.Pixels.Length} pixels do not make {data.Count} images of {data.Rows}x{data.Cols}", nameof(data));
        Source = data;
        Images = torch.empty([data.Count, 1, data.Rows, data.Cols], ScalarType.Float32);
        MemoryMarshal.AsBytes(data.Pixels.AsSpan()).CopyTo(Images.bytes);
        using var bytes = torch.empty([data.Count], ScalarType.Byte);
        data.Labels.AsSpan().CopyTo(bytes.bytes);
        Labels = bytes.to_type(ScalarType.Int64);
    }

    /// <summary>The dataset these tensors were built from (compared by reference to reuse them).</summary>
    public LabeledImages Source { get; }

    /// <summary>[Count, 1, Rows, Cols] float32.</summary>
    public Tensor Images { get; }

    /// <summary>[Count] int64 class indices.</summary>
    public Tensor Labels { get; }

    public int Count => Source.Count;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
