using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedHybrid.Learning.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, also Fashion-MNIST's): a big-endian header — magic number
/// 0x0000TTDD (TT = 0x08 for unsigned bytes, DD = number of dimensions), then DD 32-bit sizes — followed
/// by exactly the product of the sizes in bytes. Gzip-compressed files are recognized by their first two
/// bytes (1f 8b), so ".gz" and plain files read alike. Every defect is an <see cref="InvalidDatasetException"/>
/// naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Unsigned-byte data with 3 dimensions: count, rows, columns.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned-byte data with 1 dimension: count.</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;
    private const int StreamBufferSize = 1 << 16;

    // Every byte value maps to one float, so normalizing is a table lookup with exactly the result of
    // Normalization.Apply.
    private static readonly float[] NormalizedByte = BuildNormalizationTable();

    /// <summary>Reads an image file (magic 0x00000803) and normalizes its pixels with <see cref="Normalization"/>.</summary>
    public static async Task<IdxImages> ReadImagesAsync(string path, CancellationToken cancellationToken = default)
    {
        await using Stream stream = Open(path);
        int[] dims = await ReadHeaderAsync(stream, path, ImagesMagic, cancellationToken).ConfigureAwait(false);
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (rows == 0 || cols == 0)
            throw new InvalidDatasetException(path, $"declares images of {rows}x{cols} pixels; both sizes must be positive");
        long total = (long)count * rows * cols;
        if (total > Array.MaxLength)
            throw new InvalidDatasetException(path, $"declares {count:N0} images of {rows}x{cols} pixels, more than one buffer can hold");

        byte[] payload = ArrayPool<byte>.Shared.Rent((int)total);
        try
        {
            Memory<byte> bytes = payload.AsMemory(0, (int)total);
            await ReadPayloadAsync(stream, path, bytes, $"{count:N0} images of {rows}x{cols} pixels", cancellationToken).ConfigureAwait(false);
            float[] pixels = GC.AllocateUninitializedArray<float>((int)total);
            Normalize(bytes.Span, pixels);
            return new IdxImages(pixels, count, rows, cols);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>Reads a label file (magic 0x00000801) whose labels must all be below <paramref name="classCount"/>.</summary>
    public static async Task<byte[]> ReadLabelsAsync(string path, int classCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        await using Stream stream = Open(path);
        int[] dims = await ReadHeaderAsync(stream, path, LabelsMagic, cancellationToken).ConfigureAwait(false);
        var labels = new byte[dims[0]];
        await ReadPayloadAsync(stream, path, labels, $"{labels.Length:N0} labels", cancellationToken).ConfigureAwait(false);
        int bad = classCount == 256 ? -1 : labels.AsSpan().IndexOfAnyInRange((byte)classCount, byte.MaxValue);
        if (bad >= 0)
            throw new InvalidDatasetException(path, $"label {bad:N0} is {labels[bad]}, outside the {classCount} classes 0..{classCount - 1}");
        return labels;
    }

    /// <summary>Reads an image file and its label file (concurrently) and checks that they agree in count.</summary>
    public static async Task<LabeledImages> ReadLabeledImagesAsync(
        string imagesPath, string labelsPath, int classCount, CancellationToken cancellationToken = default)
    {
        // Decompressing the images dominates; the labels are read on another thread meanwhile.
        Task<IdxImages> imagesTask = Task.Run(() => ReadImagesAsync(imagesPath, cancellationToken), cancellationToken);
        byte[] labels = await ReadLabelsAsync(labelsPath, classCount, cancellationToken).ConfigureAwait(false);
        IdxImages images = await imagesTask.ConfigureAwait(false);
        if (images.Count != labels.Length)
            throw new InvalidDatasetException(labelsPath,
                $"holds {labels.Length:N0} labels but its image file '{imagesPath}' holds {images.Count:N0} images");
        return new LabeledImages(images.Pixels, labels, images.Rows, images.Cols);
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBufferSize,
            FileOptions.SequentialScan | FileOptions.Asynchronous);
        try
        {
            Span<byte> start = stackalloc byte[2];
            int read = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (read == 2 && start[0] == 0x1f && start[1] == 0x8b)
                return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), StreamBufferSize);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static async Task<int[]> ReadHeaderAsync(Stream stream, string path, int expectedMagic, CancellationToken cancellationToken)
    {
        int expectedDims = expectedMagic & 0xFF;
        var header = new byte[4 + 4 * expectedDims];
        int read = await ReadAsync(stream, path, header.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        if (read < 4)
            throw new InvalidDatasetException(path, $"is truncated: {read} bytes, too short for the 4-byte IDX magic number");

        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByteType)
            throw new InvalidDatasetException(path,
                $"has magic number 0x{magic:X8}, not 0x{expectedMagic:X8} (IDX unsigned bytes, {expectedDims} dimension{(expectedDims == 1 ? "" : "s")})");
        if (header[3] != expectedDims)
            throw new InvalidDatasetException(path,
                $"has {header[3]} dimension{(header[3] == 1 ? "" : "s")} (magic number 0x{magic:X8}), expected {expectedDims} (0x{expectedMagic:X8})");

        Memory<byte> sizeBytes = header.AsMemory(4);
        read = await ReadAsync(stream, path, sizeBytes, cancellationToken).ConfigureAwait(false);
        if (read < sizeBytes.Length)
            throw new InvalidDatasetException(path, $"is truncated inside its header: {read} of the {sizeBytes.Length} bytes of dimension sizes");

        var dims = new int[expectedDims];
        for (int i = 0; i < dims.Length; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 + 4 * i));
            if (size > int.MaxValue)
                throw new InvalidDatasetException(path, $"declares dimension {i} of size {size:N0}, beyond what this reader supports");
            dims[i] = (int)size;
        }
        return dims;
    }

    private static async Task ReadPayloadAsync(Stream stream, string path, Memory<byte> payload, string what, CancellationToken cancellationToken)
    {
        int read = await ReadAsync(stream, path, payload, cancellationToken).ConfigureAwait(false);
        if (read < payload.Length)
            throw new InvalidDatasetException(path, $"is truncated: its header declares {what} ({payload.Length:N0} bytes) but only {read:N0} bytes follow");
        // Reading one byte further also makes the gzip layer check its CRC and length trailer.
        var probe = new byte[1];
        if (await ReadAsync(stream, path, probe, cancellationToken).ConfigureAwait(false) != 0)
            throw new InvalidDatasetException(path, $"has data after the {payload.Length:N0} bytes of {what} its header declares");
    }

    private static async Task<int> ReadAsync(Stream stream, string path, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDatasetException(path, $"is not valid gzip data: {e.Message}", e);
        }
    }

    private static void Normalize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        ref float table = ref MemoryMarshal.GetArrayDataReference(NormalizedByte);
        destination = destination[..source.Length];
        for (int i = 0; i < source.Length; i++)
            destination[i] = Unsafe.Add(ref table, source[i]);
    }

    private static float[] BuildNormalizationTable()
    {
        var table = new float[256];
        for (int value = 0; value < table.Length; value++)
            table[value] = Normalization.Apply((byte)value);
        return table;
    }
}
