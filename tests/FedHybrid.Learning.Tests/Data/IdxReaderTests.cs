using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadsPlainAndGzipImagesAndNormalizesEachPixel(bool gzip)
    {
        byte[] idx = IdxTestFiles.Images(3, rows: 4, cols: 5);
        string path = _files.Write("images", gzip ? IdxTestFiles.Gzip(idx) : idx);

        IdxImages images = await IdxReader.ReadImagesAsync(path, Token);

        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Cols));
        Assert.Equal(60, images.Pixels.Length);
        for (int i = 0; i < images.Pixels.Length; i++)
            Assert.Equal(Normalization.Apply((byte)i), images.Pixels[i]);
    }

    [Fact]
    public async Task NormalizesEveryByteValueExactlyAsNormalizationApply()
    {
        string path = _files.Write("images.gz", IdxTestFiles.Gzip(IdxTestFiles.Idx(0x803, [1, 16, 16], [.. Enumerable.Range(0, 256).Select(i => (byte)(255 - i))])));

        IdxImages images = await IdxReader.ReadImagesAsync(path, Token);

        for (int i = 0; i < 256; i++)
            Assert.Equal(Normalization.Apply((byte)(255 - i)), images.Pixels[i]);
    }

    [Fact]
    public async Task ReadsLabeledImagesWhenCountsAgree()
    {
        string images = _files.Write("images", IdxTestFiles.Images(12));
        string labels = _files.Write("labels.gz", IdxTestFiles.Gzip(IdxTestFiles.Labels(12)));

        LabeledImages data = await IdxReader.ReadLabeledImagesAsync(images, labels, 10, Token);

        Assert.Equal(12, data.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], data.Labels);
        Assert.Equal(12 * 28 * 28, data.Pixels.Length);
    }

    [Theory]
    [InlineData(0x00000903, "magic number 0x00000903, not 0x00000803")]
    [InlineData(0x01000803, "magic number 0x01000803, not 0x00000803")]
    [InlineData(0x1f8b0803, "magic number 0x1F8B0803, not 0x00000803")]
    public async Task RejectsAWrongMagicNumber(int magic, string problem)
    {
        byte[] idx = IdxTestFiles.Images(2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(idx, magic);
        string path = _files.Write("bad-magic.gz", IdxTestFiles.Gzip(idx));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, problem);
    }

    [Theory]
    [InlineData(0x802, "has 2 dimensions (magic number 0x00000802), expected 3 (0x00000803)")]
    [InlineData(0x801, "has 1 dimension (magic number 0x00000801), expected 3 (0x00000803)")]
    [InlineData(0x804, "has 4 dimensions (magic number 0x00000804), expected 3 (0x00000803)")]
    public async Task RejectsImagesWithTheWrongNumberOfDimensions(int magic, string problem)
    {
        string path = _files.Write("wrong-dims", IdxTestFiles.Idx(magic, [.. Enumerable.Repeat(2, magic & 0xFF)], new byte[1 << (magic & 0xFF)]));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, problem);
    }

    [Fact]
    public async Task RejectsLabelsWithTheWrongNumberOfDimensions()
    {
        string path = _files.Write("labels", IdxTestFiles.Idx(0x803, [2, 1, 1], [0, 1]));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadLabelsAsync(path, 10, Token));

        AssertNames(error, path, "has 3 dimensions (magic number 0x00000803), expected 1");
    }

    [Fact]
    public async Task RejectsImagesOfZeroSize()
    {
        string path = _files.Write("empty-rows", IdxTestFiles.Idx(0x803, [5, 0, 28], []));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, "images of 0x28 pixels");
    }

    [Fact]
    public async Task RejectsSizesTooLargeForOneBuffer()
    {
        string path = _files.Write("huge", IdxTestFiles.Idx(0x803, [int.MaxValue, 28, 28], []));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, "more than one buffer can hold");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RejectsATruncatedPayload(bool gzip)
    {
        byte[] idx = IdxTestFiles.Images(3);
        byte[] cut = idx[..(idx.Length - 100)];
        string path = _files.Write("truncated", gzip ? IdxTestFiles.Gzip(cut) : cut);

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, "is truncated: its header declares 3 images of 28x28 pixels (2,352 bytes) but only 2,252 bytes follow");
    }

    [Theory]
    [InlineData(0, "is truncated: 0 bytes, too short for the 4-byte IDX magic number")]
    [InlineData(3, "is truncated: 3 bytes, too short")]
    [InlineData(10, "is truncated inside its header: 6 of the 12 bytes of dimension sizes")]
    public async Task RejectsATruncatedHeader(int length, string problem)
    {
        string path = _files.Write("short", IdxTestFiles.Images(1)[..length]);

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, problem);
    }

    [Fact]
    public async Task RejectsAGzipFileCutShort()
    {
        byte[] compressed = IdxTestFiles.Gzip(IdxTestFiles.Images(50));
        string path = _files.Write("cut.gz", compressed[..(compressed.Length / 2)]);

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task RejectsCorruptGzipData()
    {
        byte[] compressed = IdxTestFiles.Gzip(IdxTestFiles.Images(50));
        for (int i = 20; i < 60; i++)
            compressed[i] ^= 0x5a;
        string path = _files.Write("corrupt.gz", compressed);

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        AssertNames(error, path, "is not valid gzip data");
    }

    [Fact]
    public async Task RejectsDataAfterThePayload()
    {
        string path = _files.Write("long", [.. IdxTestFiles.Labels(4), 7]);

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadLabelsAsync(path, 10, Token));

        AssertNames(error, path, "has data after the 4 bytes of 4 labels its header declares");
    }

    [Fact]
    public async Task RejectsALabelOutsideTheClasses()
    {
        string path = _files.Write("labels.gz", IdxTestFiles.Gzip(IdxTestFiles.Idx(0x801, [4], [3, 9, 10, 2])));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadLabelsAsync(path, 10, Token));

        AssertNames(error, path, "label 2 is 10, outside the 10 classes 0..9");
    }

    [Fact]
    public async Task AcceptsTheSameLabelsForMoreClasses()
    {
        string path = _files.Write("labels", IdxTestFiles.Idx(0x801, [4], [3, 9, 10, 2]));

        Assert.Equal([3, 9, 10, 2], await IdxReader.ReadLabelsAsync(path, 11, Token));
    }

    [Fact]
    public async Task RejectsImagesAndLabelsThatDisagreeInCount()
    {
        string images = _files.Write("images.gz", IdxTestFiles.Gzip(IdxTestFiles.Images(5)));
        string labels = _files.Write("labels.gz", IdxTestFiles.Gzip(IdxTestFiles.Labels(6)));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadLabeledImagesAsync(images, labels, 10, Token));

        AssertNames(error, labels, $"holds 6 labels but its image file '{images}' holds 5 images");
    }

    [Fact]
    public async Task StopsWhenCancelled()
    {
        string path = _files.Write("images", IdxTestFiles.Images(2));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => IdxReader.ReadImagesAsync(path, cancelled.Token));
    }

    [Fact]
    public async Task AMissingFileIsFileNotFound()
    {
        string path = Path.Combine(_files.Directory, "absent.gz");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => IdxReader.ReadImagesAsync(path, Token));

        Assert.Contains(path, error.Message);
    }

    private static void AssertNames(InvalidDatasetException error, string path, string problem)
    {
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"'{path}': ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains(problem, error.Problem);
    }
}
