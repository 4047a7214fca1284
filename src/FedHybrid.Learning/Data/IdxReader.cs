using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

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
    // MNIST-style files compress about 5:1; a first guess only (see ReadPayload).
    private const int GzipRatioHint = 8;

    /// <summary>Reads an image file (magic 0x00000803) and normalizes its pixels with <see cref="Normalization"/>.</summary>
    public static Task<IdxImages> ReadImagesAsync(string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => ReadImages(path, cancellationToken), cancellationToken);

    /// <summary>Reads a label file (magic 0x00000801) whose labels must all be below <paramref name="classCount"/>.</summary>
    public static Task<byte[]> ReadLabelsAsync(string path, int classCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        return Task.Run(() => ReadLabels(path, classCount, cancellationToken), cancellationToken);
    }

    /// <summary>Reads an image file and its label file (concurrently) and checks that they agree in count.</summary>
    public static async Task<LabeledImages> ReadLabeledImagesAsync(
        string imagesPath, string labelsPath, int classCount, CancellationToken cancellationToken = default)
    {
        Task<IdxImages> imagesTask = ReadImagesAsync(imagesPath, cancellationToken);
        Task<byte[]> labelsTask = ReadLabelsAsync(labelsPath, classCount, cancellationToken);
        await Task.WhenAll(imagesTask, labelsTask).ConfigureAwait(false);
        (IdxImages images, byte[] labels) = (imagesTask.Result, labelsTask.Result);
        if (images.Count != labels.Length)
            throw new InvalidDatasetException(labelsPath,
                $"holds {labels.Length:N0} labels but its image file '{imagesPath}' holds {images.Count:N0} images");
        return new LabeledImages(images.Pixels, labels, images.Rows, images.Cols);
    }

    // Decompression is CPU-bound, so the readers are synchronous at heart and run on the thread pool: one
    // ReadAtLeast of the whole payload runs at the speed of a bare gunzip, where a chain of awaited reads
    // through an async FileStream measured about twice as slow here.
    private static IdxImages ReadImages(string path, CancellationToken cancellationToken)
    {
        (Stream stream, long sizeHint) = Open(path);
        using (stream)
        {
            int[] dims = ReadHeader(stream, path, ImagesMagic);
            int count = dims[0], rows = dims[1], cols = dims[2];
            if (rows == 0 || cols == 0)
                throw new InvalidDatasetException(path, $"declares images of {rows}x{cols} pixels; both sizes must be positive");
            // rows * cols fits a long; count * rows * cols may not, so compare by division.
            long pixelsPerImage = (long)rows * cols;
            if (pixelsPerImage > Array.MaxLength || count > Array.MaxLength / pixelsPerImage)
                throw new InvalidDatasetException(path, $"declares {count:N0} images of {rows}x{cols} pixels, more than one buffer can hold");
            int total = (int)(count * pixelsPerImage);

            byte[] payload = ReadPayload(stream, path, total, sizeHint, $"{count:N0} images of {rows}x{cols} pixels");
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                float[] pixels = GC.AllocateUninitializedArray<float>(total);
                Normalize(payload.AsSpan(0, total), pixels);
                return new IdxImages(pixels, count, rows, cols);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
    }

    private static byte[] ReadLabels(string path, int classCount, CancellationToken cancellationToken)
    {
        (Stream stream, long sizeHint) = Open(path);
        using (stream)
        {
            int[] dims = ReadHeader(stream, path, LabelsMagic);
            byte[] payload = ReadPayload(stream, path, dims[0], sizeHint, $"{dims[0]:N0} labels");
            byte[] labels;
            try
            {
                labels = payload.AsSpan(0, dims[0]).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
            cancellationToken.ThrowIfCancellationRequested();
            int bad = classCount == 256 ? -1 : labels.AsSpan().IndexOfAnyInRange((byte)classCount, byte.MaxValue);
            if (bad >= 0)
                throw new InvalidDatasetException(path, $"label {bad:N0} is {labels[bad]}, outside the {classCount} classes 0..{classCount - 1}");
            return labels;
        }
    }

    /// <summary>The file's content stream (decompressing gzip), and how many payload bytes it can plausibly
    /// hold: its length when plain, a typical compression ratio times it when gzip. Only a first buffer size.</summary>
    private static (Stream Stream, long SizeHint) Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBufferSize, FileOptions.SequentialScan);
        try
        {
            Span<byte> start = stackalloc byte[2];
            int read = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
            file.Position = 0;
            return read == 2 && start[0] == 0x1f && start[1] == 0x8b
                ? (new GZipStream(file, CompressionMode.Decompress), GzipRatioHint * file.Length)
                : (file, file.Length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic)
    {
        int expectedDims = expectedMagic & 0xFF;
        Span<byte> header = stackalloc byte[4 + 4 * expectedDims];
        int read = Read(stream, path, header[..4]);
        if (read < 4)
            throw new InvalidDatasetException(path, $"is truncated: {read} bytes, too short for the 4-byte IDX magic number");

        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByteType)
            throw new InvalidDatasetException(path,
                $"has magic number 0x{magic:X8}, not 0x{expectedMagic:X8} (IDX unsigned bytes, {expectedDims} dimension{(expectedDims == 1 ? "" : "s")})");
        if (header[3] != expectedDims)
            throw new InvalidDatasetException(path,
                $"has {header[3]} dimension{(header[3] == 1 ? "" : "s")} (magic number 0x{magic:X8}), expected {expectedDims} (0x{expectedMagic:X8})");

        Span<byte> sizeBytes = header[4..];
        read = Read(stream, path, sizeBytes);
        if (read < sizeBytes.Length)
            throw new InvalidDatasetException(path, $"is truncated inside its header: {read} of the {sizeBytes.Length} bytes of dimension sizes");

        var dims = new int[expectedDims];
        for (int i = 0; i < dims.Length; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes[(4 * i)..]);
            if (size > int.MaxValue)
                throw new InvalidDatasetException(path, $"declares dimension {i} of size {size:N0}, beyond what this reader supports");
            dims[i] = (int)size;
        }
        return dims;
    }

    /// <summary>Reads exactly <paramref name="length"/> payload bytes into a pooled buffer that the caller
    /// returns. The header is not trusted for the allocation: the buffer starts at what the file can hold
    /// (<paramref name="sizeHint"/>) and doubles only as bytes keep arriving, so a few bytes claiming
    /// gigabytes are refused as truncated without allocating gigabytes.</summary>
    private static byte[] ReadPayload(Stream stream, string path, int length, long sizeHint, string what)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(sizeHint, 1, length == 0 ? 1 : length));
        int filled = 0;
        try
        {
            while (true)
            {
                int want = Math.Min(buffer.Length, length) - filled;
                int read = Read(stream, path, buffer.AsSpan(filled, want));
                filled += read;
                if (read < want)
                    throw new InvalidDatasetException(path, $"is truncated: its header declares {what} ({length:N0} bytes) but only {filled:N0} bytes follow");
                if (filled == length)
                    break;
                byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, 2L * buffer.Length));
                buffer.AsSpan(0, filled).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            // Reading one byte further also makes the gzip layer check its CRC and length trailer.
            Span<byte> probe = stackalloc byte[1];
            if (Read(stream, path, probe) != 0)
                throw new InvalidDatasetException(path, $"has data after the {length:N0} bytes of {what} its header declares");
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static int Read(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDatasetException(path, $"is not valid gzip data: {e.Message}", e);
        }
    }

    // (x / 255 - mean) / sd in the same float operations as Normalization.Apply, so both agree bit for bit;
    // bytes are widened 4x to 32-bit lanes, as many at a time as the hardware's vectors hold.
    private static void Normalize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..source.Length];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<float>(255f);
            var mean = new Vector<float>(Normalization.Mean);
            var sd = new Vector<float>(Normalization.StdDev);
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(source[i..]), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> q0, out Vector<uint> q1);
                Vector.Widen(high, out Vector<uint> q2, out Vector<uint> q3);
                Span<float> target = destination[i..];
                int lanes = Vector<float>.Count;
                ((Vector.ConvertToSingle(q0) / scale - mean) / sd).CopyTo(target);
                ((Vector.ConvertToSingle(q1) / scale - mean) / sd).CopyTo(target[lanes..]);
                ((Vector.ConvertToSingle(q2) / scale - mean) / sd).CopyTo(target[(2 * lanes)..]);
                ((Vector.ConvertToSingle(q3) / scale - mean) / sd).CopyTo(target[(3 * lanes)..]);
            }
        }
        for (; i < source.Length; i++)
            destination[i] = Normalization.Apply(source[i]);
    }
}
