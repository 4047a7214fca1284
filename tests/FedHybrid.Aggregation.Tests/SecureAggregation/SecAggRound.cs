using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

/// <summary>One simulated round of the masking algebra, all seeds drawn from one PRG seed: a random Harary
/// graph, each client's clipped-and-quantized input, self-mask seeds and symmetric pairwise seeds.</summary>
sealed class SecAggRound
{
    public readonly int N;
    public readonly NeighbourGraph Graph;
    public readonly QuantizationParameters Parameters;
    public readonly float[][] Inputs;
    public readonly uint[][] Quantized;
    public readonly byte[][] SelfSeeds;
    public readonly Dictionary<(int, int), byte[]> PairSeeds = [];

    public SecAggRound(int n, int k, QuantizationParameters parameters, int length, int seed)
    {
        N = n;
        Parameters = parameters;
        var master = new byte[32];
        BitConverter.TryWriteBytes(master, seed);
        master[31] = 0xa5;
        using var rng = new PrgRandomNumberGenerator(master);
        byte[] Draw() { var b = new byte[32]; rng.GetBytes(b); return b; }
        Graph = NeighbourGraph.RandomHarary(n, k, Draw());
        Inputs = new float[n][];
        Quantized = new uint[n][];
        SelfSeeds = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            Inputs[i] = new float[length];
            for (int j = 0; j < length; j++)
                Inputs[i][j] = (float)((rng.NextInt(2_000_001) - 1_000_000) / 1_000_000.0 * parameters.ClipRange);
            Quantized[i] = new uint[length];
            Quantizer.Quantize(Inputs[i], parameters, Draw(), Quantized[i]);
            SelfSeeds[i] = Draw();
        }
        for (int i = 0; i < n; i++)
            foreach (int j in Graph.Neighbours(i))
                if (i < j)
                    PairSeeds[(i, j)] = PairSeeds[(j, i)] = Draw();
    }

    public uint[] Masked(int client)
    {
        var y = new uint[Quantized[client].Length];
        var pairwise = Graph.Neighbours(client).Select(j => new PairwiseSeed(j, PairSeeds[(client, j)])).ToArray();
        ClientMasking.Mask(client, Quantized[client], SelfSeeds[client], pairwise, Parameters, y);
        return y;
    }

    /// <summary>The server's side: survivors' masked inputs added, checked against the responders.</summary>
    public MaskedSum Collect(IEnumerable<int> survivors)
    {
        var sum = new MaskedSum(Graph, Quantized[0].Length, Parameters);
        foreach (int i in survivors)
            sum.Add(i, Masked(i));
        return sum;
    }

    public uint[] Unmask(MaskedSum sum) =>
        sum.Unmask(sum.Survivors.ToDictionary(i => i, i => SelfSeeds[i]), sum.PairsToRemove.ToDictionary(p => p, p => PairSeeds[p]));

    public uint[] ExpectedSum(IEnumerable<int> survivors)
    {
        var expected = new uint[Quantized[0].Length];
        foreach (int i in survivors)
            RingVector.Add(expected, Quantized[i]);
        RingVector.Reduce(expected, Parameters.RingMask);
        return expected;
    }
}
