using System.Buffers.Binary;
using System.IO.Compression;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

/// <summary>Writes small IDX files (plain or gzip) into a temporary directory that is deleted on dispose.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public IdxTestFiles() => Directory = System.IO.Directory.CreateTempSubdirectory("fedhybrid-idx-").FullName;

    public string Directory { get; }

    public static byte[] Idx(int magic, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(content);
        return buffer.ToArray();
    }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A valid image file of <paramref name="count"/> images of rows x cols whose pixel i is i mod 256.</summary>
    public static byte[] Images(int count, int rows = 28, int cols = 28) =>
        Idx(0x803, [count, rows, cols], [.. Enumerable.Range(0, count * rows * cols).Select(i => (byte)i)]);

    /// <summary>A valid label file with labels i mod 10.</summary>
    public static byte[] Labels(int count) => Idx(0x801, [count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
