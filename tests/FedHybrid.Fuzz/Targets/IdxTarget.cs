using System.Buffers.Binary;
using System.IO.Compression;
using FedHybrid.Learning.Data;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The IDX reader (plain and gzip) on an arbitrary file: the first byte picks images or labels,
/// the rest is the file. Accepted files must hold what their header declares.</summary>
public sealed class IdxTarget : IFuzzTarget
{
    const int Classes = 10;
    readonly string _path = Path.Combine(Path.GetTempPath(), $"fedhybrid-fuzz-idx-{Environment.ProcessId}.idx");

    public string Name => "idx";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        File.WriteAllBytes(_path, input[1..]);
        try
        {
            if ((input[0] & 1) == 0)
            {
                var images = IdxReader.ReadImagesAsync(_path).GetAwaiter().GetResult();
                if (images.Pixels.Length != (long)images.Count * images.Rows * images.Cols)
                    throw new FuzzInvariantException($"{images.Count} images of {images.Rows}x{images.Cols} in {images.Pixels.Length} pixels.");
            }
            else
            {
                var labels = IdxReader.ReadLabelsAsync(_path, Classes).GetAwaiter().GetResult();
                if (labels.Any(l => l >= Classes))
                    throw new FuzzInvariantException("A label outside the classes was accepted.");
            }
        }
        finally
        {
            File.Delete(_path);
        }
    }

    public bool IsRejection(Exception exception) => exception is InvalidDatasetException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        var directory = Path.Combine(FuzzMaterial.Directory, "idx");
        var images = Gunzip(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"));
        var labels = Gunzip(Path.Combine(directory, "t10k-labels-idx1-ubyte.gz"));
        foreach (int count in new[] { 0, 1, 3 })
        {
            // The bundled files' own headers, with the count cut down so the seeds stay small.
            var imageFile = images[..(16 + count * 28 * 28)];
            BinaryPrimitives.WriteInt32BigEndian(imageFile.AsSpan(4), count);
            var labelFile = labels[..(8 + count)];
            BinaryPrimitives.WriteInt32BigEndian(labelFile.AsSpan(4), count);
            yield return ($"images-{count}", [0, .. imageFile]);
            yield return ($"images-{count}.gz", [0, .. Gzip(imageFile)]);
            yield return ($"labels-{count}", [1, .. labelFile]);
            yield return ($"labels-{count}.gz", [1, .. Gzip(labelFile)]);
        }
    }

    static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }
}
