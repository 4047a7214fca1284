using System.Runtime.InteropServices;
using FedHybrid.Learning.Runtime;
using Xunit;

namespace FedHybrid.Learning.Tests.Runtime;

public sealed class NativeHeapTests
{
    const int Page = 4096, Blocks = 12, BlockBytes = 2 * 1024 * 1024;

    // Minor page faults of the calling thread (field 10 of /proc/thread-self/stat): other tests' threads do not count.
    static long ThreadMinorFaults()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture); // fields after the name start at field 3
    }

    // What a training batch does to the heap: blocks of a few MiB allocated, written, and all freed again.
    static void AllocateTouchFree()
    {
        var blocks = new IntPtr[Blocks];
        for (int b = 0; b < Blocks; b++)
        {
            blocks[b] = Marshal.AllocHGlobal(BlockBytes); // malloc on Unix
            for (int offset = 0; offset < BlockBytes; offset += Page) Marshal.WriteByte(blocks[b], offset, 1);
        }
        for (int b = Blocks - 1; b >= 0; b--) Marshal.FreeHGlobal(blocks[b]);
    }

    [Fact]
    public void AfterKeepFreedMemoryFreedBlocksAreReusedWithoutFaultingTheirPagesInAgain()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "mallopt and /proc/thread-self are Linux's");
        Assert.True(NativeHeap.KeepFreedMemory(), "glibc refused the settings");
        AllocateTouchFree(); // the first time faults the pages in
        long before = ThreadMinorFaults();
        for (int i = 0; i < 10; i++) AllocateTouchFree();
        long faults = ThreadMinorFaults() - before;
        // Given back to the kernel, each round would fault in all its pages again: 10 x 12 x 512 = 61,440.
        long onePass = (long)Blocks * BlockBytes / Page;
        Assert.True(faults < onePass / 10, $"{faults} minor faults in 10 passes; one pass touches {onePass} pages");
    }
}
