using BenchmarkDotNet.Attributes;
using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>Secure-aggregation client and server costs for the CNN's update (1,662,500 parameters, the
/// 6.65 MB delta of the envelope benchmarks), all single-threaded: quantizing it, masking it with a self
/// mask and k = 10 pairwise masks (the target: under 50 ms on one core), one mask expansion
/// alone, and the server's removal of one surviving client's self mask and of one dropped client's
/// pairwise masks with its 10 neighbours.</summary>
[MemoryDiagnoser]
public class SecureAggregationBenchmarks
{
    const int Parameters = 1_662_500;
    const int Neighbours = 10;
    const int Client = 5;

    readonly QuantizationParameters _parameters = QuantizationParameters.Default;
    float[] _update = [];
    uint[] _quantized = [];
    uint[] _masked = [];
    byte[] _selfSeed = [];
    byte[] _roundingSeed = [];
    PairwiseSeed[] _pairwise = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _update = Enumerable.Range(0, Parameters).Select(_ => (float)(random.NextDouble() * 0.2 - 0.1)).ToArray();
        _quantized = new uint[Parameters];
        _masked = new uint[Parameters];
        _roundingSeed = Seed(random);
        _selfSeed = Seed(random);
        // Neighbours on both sides of the client, so both the + and the - branch run.
        _pairwise = Enumerable.Range(0, Neighbours).Select(j => new PairwiseSeed(j < Client ? j : j + 1, Seed(random))).ToArray();
        Quantizer.Quantize(_update, _parameters, _roundingSeed, _quantized);
    }

    static byte[] Seed(Random random)
    {
        var seed = new byte[MaskPrg.SeedSize];
        random.NextBytes(seed);
        return seed;
    }

    [Benchmark(Description = "quantize 1.66M (clip, stochastic rounding)")]
    public int Quantize() => Quantizer.Quantize(_update, _parameters, _roundingSeed, _quantized);

    [Benchmark(Description = "mask 1.66M, self + k=10 pairwise")]
    public uint Mask()
    {
        ClientMasking.Mask(Client, _quantized, _selfSeed, _pairwise, _parameters, _masked);
        return _masked[^1];
    }

    [Benchmark(Description = "one mask expansion added, 1.66M (server: per surviving client)")]
    public uint OneMask()
    {
        MaskPrg.SubtractFrom(_selfSeed, _masked);
        return _masked[^1];
    }

    [Benchmark(Description = "k=10 pairwise masks removed, 1.66M (server: per dropped client)")]
    public uint DroppedClient()
    {
        foreach (var seed in _pairwise)
            MaskPrg.AddTo(seed.Seed, _masked);
        return _masked[^1];
    }
}
