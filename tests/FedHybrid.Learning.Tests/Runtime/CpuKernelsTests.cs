using Xunit;
using System.Runtime.Intrinsics.X86;
using FedHybrid.Learning.Runtime;

namespace FedHybrid.Learning.Tests.Runtime;

public sealed class CpuKernelsTests
{
    /// <summary>The query reads ATen's own choice: what the variable asks for if the CPU has it, else
    /// the best level the CPU has (ATen's rule in aten/src/ATen/native/DispatchStub.cpp).</summary>
    [Fact]
    public void AtenCapabilityIsTheLevelAtenPicksForThisCpuAndEnvironment()
    {
        bool avx512 = Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported;
        string best = avx512 ? "AVX512" : Avx2.IsSupported ? "AVX2" : "DEFAULT";
        string expected = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY")?.ToUpperInvariant() switch
        {
            "DEFAULT" => "DEFAULT",
            "AVX2" when Avx2.IsSupported => "AVX2",
            "AVX512" when avx512 => "AVX512",
            _ => best,
        };
        Assert.Equal(expected, CpuKernels.AtenCapability());
    }

    [Fact]
    public void ThePinningEnvironmentNamesAvx2ForAllThreeLibraries()
    {
        Assert.Equal("AVX2", CpuKernels.PinnedCapability);
        Assert.Equal(new Dictionary<string, string> { ["ATEN_CPU_CAPABILITY"] = "avx2", ["ONEDNN_MAX_CPU_ISA"] = "AVX2", ["MKL_CBWR"] = "AVX2" },
            CpuKernels.PinningEnvironment);
    }
}
