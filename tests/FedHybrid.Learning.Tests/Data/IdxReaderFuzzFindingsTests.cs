using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

/// <summary>Defects the idx fuzz target found (tests/FedHybrid.Fuzz.Tests/Corpus/idx keeps the inputs).</summary>
public sealed class IdxReaderFuzzFindingsTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>count * rows * cols overflowed a long: the first was accepted as 16,732,416 images of
    /// 469,762,048x65,308 pixels in an empty array, the second crashed the buffer pool with a negative size.</summary>
    [Theory]
    [InlineData(16_732_416, 469_762_048, 65_308)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(1, int.MaxValue, int.MaxValue)]
    public async Task ImageSizesWhoseProductOverflowsAreRefused(int count, int rows, int cols)
    {
        string path = _files.Write("overflow", IdxTestFiles.Idx(0x803, [count, rows, cols], []));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => IdxReader.ReadImagesAsync(path, Token));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("more than one buffer can hold", error.Problem);
    }

    /// <summary>The reader allocated what the header declared before reading a byte of it: a 10-byte file
    /// made it allocate 2 GB (under afl-fuzz's heap cap, an OutOfMemoryException).</summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task AFewBytesClaimingGigabytesAreRefusedWithoutAllocatingThem(bool images, bool gzip)
    {
        byte[] idx = images ? IdxTestFiles.Idx(0x803, [2_000, 1_000, 1_000], [1, 2, 3]) : IdxTestFiles.Idx(0x801, [2_000_000_000], [1, 2, 3]);
        string path = _files.Write("claims-2gb", gzip ? IdxTestFiles.Gzip(idx) : idx);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() =>
            images ? IdxReader.ReadImagesAsync(path, Token) : IdxReader.ReadLabelsAsync(path, 10, Token));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("(2,000,000,000 bytes) but only 3 bytes follow", error.Problem);
        // Generous: other tests allocate in parallel in this process; the old reader allocated 2 GB here.
        Assert.True(allocated < 256L << 20, $"allocated {allocated:N0} bytes to refuse a {idx.Length}-byte file");
    }

    /// <summary>A payload larger than the first buffer guess still reads whole (the buffer grows).</summary>
    [Fact]
    public async Task AGzipPayloadBeyondTheFirstBufferGuessReadsWhole()
    {
        // 400 zero images compress far beyond the 8:1 first guess.
        byte[] idx = IdxTestFiles.Idx(0x803, [400, 28, 28], new byte[400 * 28 * 28]);
        string path = _files.Write("zeros.gz", IdxTestFiles.Gzip(idx));

        IdxImages read = await IdxReader.ReadImagesAsync(path, Token);

        Assert.Equal(400 * 28 * 28, read.Pixels.Length);
        Assert.All(read.Pixels, p => Assert.Equal(Normalization.Apply(0), p));
    }
}
