namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Who masks with whom: an undirected graph on clients 0..n-1. SecAgg+ (Bell et al., CCS 2020)
/// replaces the complete graph of Bonawitz et al. (CCS 2017) by a random k-regular one, built as the
/// Harary graph H(k, n) (client i adjacent to i +- 1 .. i +- k/2 mod n, and, for odd k, to i + n/2) with
/// the clients relabelled by a seeded uniform permutation, so a client's neighbours are a uniformly
/// random k-subset of the others. Neighbour lists are sorted ascending.</summary>
public sealed class NeighbourGraph
{
    readonly int[][] _neighbours;

    NeighbourGraph(int[][] neighbours) => _neighbours = neighbours;

    /// <summary>Clients in the graph (ids 0..Count-1).</summary>
    public int Count => _neighbours.Length;

    /// <summary>The random k-regular graph for <paramref name="cohortSize"/> clients: H(k, n) relabelled by a
    /// Fisher-Yates shuffle driven by <see cref="PrgRandomNumberGenerator"/> on <paramref name="seed"/>.</summary>
    /// <exception cref="SecureAggregationParameterException">k is not in 1..n-1, or k is odd with n odd (no
    /// k-regular graph exists then).</exception>
    public static NeighbourGraph RandomHarary(int cohortSize, int neighbours, ReadOnlySpan<byte> seed)
    {
        SecAggPlusParameters.CheckGraph(cohortSize, neighbours);
        int n = cohortSize, k = neighbours;
        var label = new int[n];
        for (int i = 0; i < n; i++)
            label[i] = i;
        using (var rng = new PrgRandomNumberGenerator(seed))
            for (int i = n - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (label[i], label[j]) = (label[j], label[i]);
            }
        var sets = new List<int>[n];
        for (int i = 0; i < n; i++)
            sets[i] = new List<int>(k);
        for (int position = 0; position < n; position++)
        {
            for (int d = 1; d <= k / 2; d++)
                Connect(sets, label[position], label[(position + d) % n]);
            if (k % 2 == 1 && position < n / 2)
                Connect(sets, label[position], label[position + n / 2]);
        }
        return new NeighbourGraph(sets.Select(s => s.Order().ToArray()).ToArray());
    }

    /// <summary>A graph given by its edges (for tests and for a graph received from elsewhere).</summary>
    public static NeighbourGraph FromEdges(int count, IEnumerable<(int A, int B)> edges)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var sets = new HashSet<int>[count];
        for (int i = 0; i < count; i++)
            sets[i] = [];
        foreach (var (a, b) in edges)
        {
            if (a < 0 || a >= count || b < 0 || b >= count || a == b)
                throw new ArgumentException($"edge ({a}, {b}) is not between two distinct clients in 0..{count - 1}", nameof(edges));
            sets[a].Add(b);
            sets[b].Add(a);
        }
        return new NeighbourGraph(sets.Select(s => s.Order().ToArray()).ToArray());
    }

    /// <summary>The neighbours of <paramref name="client"/>, ascending.</summary>
    public IReadOnlyList<int> Neighbours(int client)
    {
        CheckClient(client);
        return _neighbours[client];
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> share a pairwise mask.</summary>
    public bool AreNeighbours(int a, int b)
    {
        CheckClient(a);
        CheckClient(b);
        return Array.BinarySearch(_neighbours[a], b) >= 0;
    }

    /// <summary>The graph among <paramref name="present"/> only: edges to anyone else are dropped. This is
    /// the graph the masks are built on once clients that never delivered their key shares are left out
    /// (Bonawitz et al.'s U_1 -&gt; U_2 step).</summary>
    public NeighbourGraph Restrict(IReadOnlySet<int> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var restricted = new int[Count][];
        for (int i = 0; i < Count; i++)
            restricted[i] = present.Contains(i) ? _neighbours[i].Where(present.Contains).ToArray() : [];
        return new NeighbourGraph(restricted);
    }

    static void Connect(List<int>[] sets, int a, int b)
    {
        sets[a].Add(b);
        sets[b].Add(a);
    }

    void CheckClient(int client)
    {
        if (client < 0 || client >= Count)
            throw new ArgumentOutOfRangeException(nameof(client), client, $"clients are 0..{Count - 1}");
    }
}
