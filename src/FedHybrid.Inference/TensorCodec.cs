using System.Runtime.InteropServices;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Inference;

/// <summary>float32 tensors to and from the wire's <see cref="Tensor"/> (little-endian, row-major).</summary>
public static class TensorCodec
{
    public const int ImageSide = 28;
    public const int PixelsPerImage = ImageSide * ImageSide;
    /// <summary>Largest batch a server accepts (64 MiB of pixels would be 21k images; keep it sane).</summary>
    public const int MaxBatch = 4096;

    public static Tensor Images(ReadOnlySpan<float> pixels, int batch)
    {
        if (batch < 1 || batch > MaxBatch || pixels.Length != batch * PixelsPerImage)
            throw new ArgumentException($"expected {batch} images of {PixelsPerImage} pixels (batch 1..{MaxBatch}), got {pixels.Length} values");
        return Encode(pixels, [(uint)batch, 1, ImageSide, ImageSide]);
    }

    public static Tensor Encode(ReadOnlySpan<float> values, uint[] shape)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("tensor encoding assumes a little-endian host");
        var tensor = new Tensor { Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Shape.Add(shape);
        return tensor;
    }

    /// <summary>A Tensor from the plaintext of a sealed message (<paramref name="what"/> names it in the error).</summary>
    public static Tensor Parse(ReadOnlySpan<byte> plaintext, string what)
    {
        try
        {
            return Tensor.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedInferenceRequestException($"{what} does not hold a Tensor: {e.Message}");
        }
    }

    /// <summary>The pixels of an image batch [B, 1, 28, 28].</summary>
    public static float[] ReadImages(Tensor tensor, out int batch)
    {
        var shape = tensor.Shape;
        if (shape.Count != 4 || shape[1] != 1 || shape[2] != ImageSide || shape[3] != ImageSide || shape[0] is < 1 or > MaxBatch)
            throw new MalformedInferenceRequestException($"input must have shape [B, 1, {ImageSide}, {ImageSide}] with 1 <= B <= {MaxBatch}, got [{string.Join(", ", shape)}]");
        batch = (int)shape[0];
        return ReadFloats(tensor, batch * PixelsPerImage);
    }

    /// <summary>The logits [B, classes] of a response.</summary>
    public static float[] ReadLogits(Tensor tensor, int batch)
    {
        var shape = tensor.Shape;
        if (shape.Count != 2 || shape[0] != batch || shape[1] is < 1 or > 1_000_000)
            throw new MalformedInferenceRequestException($"logits must have shape [{batch}, classes], got [{string.Join(", ", shape)}]");
        return ReadFloats(tensor, batch * (int)shape[1]);
    }

    static float[] ReadFloats(Tensor tensor, int count)
    {
        if (tensor.Data.Length != count * sizeof(float))
            throw new MalformedInferenceRequestException($"tensor holds {tensor.Data.Length} bytes, its shape needs {count * sizeof(float)}");
        var values = new float[count];
        tensor.Data.Span.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        foreach (var v in values)
            if (!float.IsFinite(v))
                throw new MalformedInferenceRequestException("tensor contains a NaN or infinity");
        return values;
    }
}
