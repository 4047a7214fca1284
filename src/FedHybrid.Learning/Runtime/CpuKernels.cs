using System.Runtime.InteropServices;
using TorchSharp;

namespace FedHybrid.Learning.Runtime;

/// <summary>
/// libtorch, oneDNN and MKL each pick their CPU kernels by the instructions the CPU has, so one seed
/// gives one model per kind of CPU. Pinning all three to AVX2 (which x86-64 CPUs from 2013 on have)
/// gives the same floating-point work on every such machine. Each library reads its variable once, at
/// its first computation, so the variables must be set before the first tensor operation of a process.
/// </summary>
public static partial class CpuKernels
{
    /// <summary>The level every process of a reproducible run pins, as ATen names it.</summary>
    public const string PinnedCapability = "AVX2";

    /// <summary>The variables that pin the three libraries (ATen's dispatch, oneDNN's ISA ceiling, MKL's
    /// conditional numerical reproducibility).</summary>
    public static IReadOnlyDictionary<string, string> PinningEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ATEN_CPU_CAPABILITY"] = "avx2",
        ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
        ["MKL_CBWR"] = "AVX2",
    };

    /// <summary>Sets <see cref="PinningEnvironment"/> in this process (for the native libraries and for
    /// child processes) and checks that ATen then dispatches to AVX2 kernels.</summary>
    /// <exception cref="CpuKernelPinningException">ATen chose other kernels: it had already run in this
    /// process before the variables were set, or the CPU lacks AVX2.</exception>
    public static void PinThisProcess()
    {
        foreach (var (name, value) in PinningEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
            // .NET keeps its own copy of the environment on Unix; the native libraries read libc's.
            if (!OperatingSystem.IsWindows() && SetEnv(name, value, 1) != 0)
                throw new CpuKernelPinningException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
        var chosen = AtenCapability();
        if (chosen != PinnedCapability)
            throw new CpuKernelPinningException(
                $"libtorch dispatches to {chosen} kernels, not {PinnedCapability}: "
                + (Avx2Supported() ? "it had already computed in this process before the kernels were pinned; pin them at the start of a new process"
                                   : "this CPU lacks AVX2, so its results cannot match those of AVX2 machines"));
    }

    /// <summary>The kernels ATen dispatches to in this process ("DEFAULT", "AVX2", "AVX512" on x86-64).
    /// Asking fixes the choice for the rest of the process.</summary>
    public static string AtenCapability()
    {
        torch.InitializeDeviceType(DeviceType.CPU); // loads libtorch_cpu
        var library = NativeLibrary.Load(OperatingSystem.IsWindows() ? "torch_cpu.dll" : "libtorch_cpu.so", typeof(torch).Assembly, null);
        // std::string at::get_cpu_capability(): a std::string returned by value through a hidden
        // pointer (x86-64 System V), libstdc++'s layout {char* data; size_t length; char local[16]}.
        var function = NativeLibrary.GetExport(library, "_ZN2at18get_cpu_capabilityB5cxx11Ev");
        var result = Marshal.AllocHGlobal(32);
        try
        {
            unsafe
            {
                ((delegate* unmanaged<IntPtr, IntPtr>)function)(result);
            }
            var data = Marshal.ReadIntPtr(result);
            var length = checked((int)Marshal.ReadInt64(result, 8));
            var name = Marshal.PtrToStringUTF8(data, length);
            // The names fit libstdc++'s in-place buffer, so nothing was allocated that needs freeing.
            return data == result + 16 ? name : throw new CpuKernelPinningException($"unexpected capability name from libtorch: {name}");
        }
        finally
        {
            Marshal.FreeHGlobal(result);
        }
    }

    static bool Avx2Supported() => System.Runtime.Intrinsics.X86.Avx2.IsSupported;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
