using System.Runtime.InteropServices;

namespace FedHybrid.Learning.Runtime;

/// <summary>
/// glibc's malloc gives large blocks back to the kernel as soon as they are freed (mmap above its threshold, trimming
/// the heap top above 128 KiB), and libtorch and MKL allocate and free their activations and scratch buffers every
/// batch, so every batch faulted its pages in again: about 10 % of all CPU time in a quickstart round went to page
/// faults (perf, docs/BENCHMARKS.md "Simulation efficiency"). Keeping freed memory in the process for reuse removes
/// them. The cost is memory: freed blocks stay resident, so a process holds more after a peak (the 10,000-client
/// run's coordinator peaked at 1.40 GB against 1.25 GB without).
/// </summary>
public static partial class NativeHeap
{
    const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in <malloc.h>

    /// <summary>glibc's ceiling for the mmap threshold on 64-bit (HEAP_MAX_SIZE / 2): blocks up to it come from the heap.</summary>
    public const int MmapThresholdBytes = 32 * 1024 * 1024;

    /// <summary>Free space the heap keeps before it trims (int's maximum, about 2 GiB: in effect, never).</summary>
    public const int TrimThresholdBytes = int.MaxValue;

    /// <summary>Makes this process's malloc keep freed memory for reuse. True when glibc took both settings; false on
    /// other platforms and C libraries, where nothing changes.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallOpt(MmapThreshold, MmapThresholdBytes) == 1 && MallOpt(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library without mallopt
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
