namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>The server's side of one round: it adds the masked inputs as they arrive and, once the
/// survivors are known, removes the masks that do not cancel (Bonawitz et al., CCS 2017, figure 4,
/// round 4):
/// z = sum over survivors i of y_i - sum over survivors i of PRG(b_i)
///     - sum over survivors i, dropped neighbours j of sign(i, j) PRG(s_ij),
/// with sign(i, j) = +1 when j &lt; i and -1 when j &gt; i, the sign client i used. Pairwise masks between two
/// survivors cancel and need no seed. The graph is the one the clients masked on (restricted to those that
/// delivered key shares).</summary>
public sealed class MaskedSum
{
    readonly NeighbourGraph _graph;
    readonly QuantizationParameters _parameters;
    readonly uint[] _sum;
    readonly SortedSet<int> _survivors = [];
    bool _unmasked;

    public MaskedSum(NeighbourGraph graph, int length, QuantizationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _graph = graph;
        _parameters = parameters;
        _sum = new uint[length];
    }

    /// <summary>Clients whose masked input was added, ascending.</summary>
    public IReadOnlyCollection<int> Survivors => _survivors;

    /// <summary>Clients with a survivor among their neighbours that sent no masked input: their pairwise
    /// masks with survivors are in the sum and must be removed. Ascending.</summary>
    public IReadOnlyList<int> Dropped =>
        Enumerable.Range(0, _graph.Count)
            .Where(c => !_survivors.Contains(c) && _graph.Neighbours(c).Any(_survivors.Contains))
            .ToArray();

    /// <summary>The (survivor, dropped neighbour) pairs whose seeds <see cref="Unmask"/> needs.</summary>
    public IReadOnlyList<(int Survivor, int Dropped)> PairsToRemove =>
        Dropped.SelectMany(d => _graph.Neighbours(d).Where(_survivors.Contains).Select(s => (s, d))).ToArray();

    /// <summary>Adds client <paramref name="client"/>'s masked input y_i.</summary>
    /// <exception cref="ArgumentException">Wrong length, a repeated client, a client not in the graph, or a
    /// value outside Z_(2^m).</exception>
    public void Add(int client, ReadOnlySpan<uint> maskedInput)
    {
        if (_unmasked)
            throw new InvalidOperationException("the sum was already unmasked");
        if (client < 0 || client >= _graph.Count)
            throw new ArgumentOutOfRangeException(nameof(client), client, $"clients are 0..{_graph.Count - 1}");
        if (maskedInput.Length != _sum.Length)
            throw new ArgumentException($"client {client}'s masked input has length {maskedInput.Length}, expected {_sum.Length}", nameof(maskedInput));
        uint mask = _parameters.RingMask;
        for (int i = 0; i < maskedInput.Length; i++)
            if (maskedInput[i] > mask)
                throw new ArgumentException($"client {client}'s masked input [{i}] = {maskedInput[i]} is not in Z_(2^{_parameters.Bits})", nameof(maskedInput));
        if (!_survivors.Add(client))
            throw new ArgumentException($"client {client}'s masked input was already added", nameof(client));
        RingVector.Add(_sum, maskedInput);
    }

    /// <summary>Whether the masks can be removed once <paramref name="responders"/> (clients that answered the
    /// unmask request; only survivors can) reveal their shares: at least t survivors, every survivor with t
    /// responding neighbours (its self-mask seed), every dropped client in <see cref="Dropped"/> with t
    /// responding neighbours (its key). Null when it can; otherwise the first failure, by client id.</summary>
    public SecureAggregationAbort? Check(int threshold, IReadOnlySet<int> responders)
    {
        ArgumentNullException.ThrowIfNull(responders);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        if (_survivors.Count < threshold)
            return new SecureAggregationAbort(AbortKind.TooFewSurvivors, -1, _survivors.Count, threshold);
        int Answering(int c) => _graph.Neighbours(c).Count(n => responders.Contains(n) && _survivors.Contains(n));
        foreach (int survivor in _survivors)
        {
            int available = Answering(survivor);
            if (available < threshold)
                return new SecureAggregationAbort(AbortKind.SelfMaskUnrecoverable, survivor, available, threshold);
        }
        foreach (int dropped in Dropped)
        {
            int available = Answering(dropped);
            if (available < threshold)
                return new SecureAggregationAbort(AbortKind.PairwiseSecretUnrecoverable, dropped, available, threshold);
        }
        return null;
    }

    /// <summary><see cref="Check"/>, throwing when the round cannot be unmasked.</summary>
    /// <exception cref="SecureAggregationAbortedException">With the typed reason.</exception>
    public void EnsureRecoverable(int threshold, IReadOnlySet<int> responders)
    {
        if (Check(threshold, responders) is { } reason)
            throw new SecureAggregationAbortedException(reason);
    }

    /// <summary>Removes the masks and returns the sum of the survivors' quantized inputs in Z_(2^m).</summary>
    /// <param name="selfMaskSeeds">b_i reconstructed for every survivor.</param>
    /// <param name="droppedPairSeeds">s_ij for every pair in <see cref="PairsToRemove"/>, keyed (survivor, dropped).</param>
    /// <exception cref="ArgumentException">A needed seed is missing (named), or a self-mask seed is given for
    /// a client that is not a survivor (unmasking a dropped client's self mask would be a bug).</exception>
    public uint[] Unmask(IReadOnlyDictionary<int, byte[]> selfMaskSeeds, IReadOnlyDictionary<(int Survivor, int Dropped), byte[]> droppedPairSeeds)
    {
        ArgumentNullException.ThrowIfNull(selfMaskSeeds);
        ArgumentNullException.ThrowIfNull(droppedPairSeeds);
        if (_unmasked)
            throw new InvalidOperationException("the sum was already unmasked");
        foreach (int client in selfMaskSeeds.Keys)
            if (!_survivors.Contains(client))
                throw new ArgumentException($"a self-mask seed was given for client {client}, which sent no masked input", nameof(selfMaskSeeds));
        foreach (int survivor in _survivors)
            if (!selfMaskSeeds.ContainsKey(survivor))
                throw new ArgumentException($"the self-mask seed of surviving client {survivor} is missing", nameof(selfMaskSeeds));
        var pairs = PairsToRemove;
        foreach (var pair in pairs)
            if (!droppedPairSeeds.ContainsKey(pair))
                throw new ArgumentException($"the pairwise seed of survivor {pair.Survivor} and dropped client {pair.Dropped} is missing", nameof(droppedPairSeeds));
        var subtract = _survivors.Select(survivor => selfMaskSeeds[survivor]).ToList();
        var add = new List<byte[]>();
        // Survivor i added +PRG(s_ij) for j < i and -PRG(s_ij) for j > i; undo exactly that.
        foreach (var pair in pairs)
            (pair.Dropped < pair.Survivor ? subtract : add).Add(droppedPairSeeds[pair]);
        MaskPrg.Apply(_sum, add.ToArray(), subtract.ToArray());
        RingVector.Reduce(_sum, _parameters.RingMask);
        _unmasked = true;
        return _sum;
    }
}
