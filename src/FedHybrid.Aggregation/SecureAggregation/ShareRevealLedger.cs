namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>A client's record of which share it revealed for which neighbour, and the rule that keeps the
/// server from learning an honest client's input (Bonawitz et al., CCS 2017, round 4 of figure 4): never
/// reveal both the self-mask share and the pairwise-secret share of the same peer, since with both the
/// server could unmask that peer's y alone. It also refuses a request naming a peer as both survivor and
/// dropped, and one with fewer than t surviving neighbours (a server shrinking the cohort to isolate
/// someone).</summary>
public sealed class ShareRevealLedger
{
    readonly int _self;
    readonly int _threshold;
    readonly HashSet<int> _neighbours;
    readonly Dictionary<int, ShareKind> _revealed = [];

    /// <param name="self">This client's id (it holds no share of its own secrets).</param>
    /// <param name="neighbours">The peers whose shares this client holds.</param>
    /// <param name="threshold">t: shares needed to reconstruct.</param>
    public ShareRevealLedger(int self, IEnumerable<int> neighbours, int threshold)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        _self = self;
        _threshold = threshold;
        _neighbours = [.. neighbours];
        if (_neighbours.Contains(self))
            throw new ArgumentException($"client {self} cannot be its own neighbour", nameof(neighbours));
    }

    /// <summary>What this client has revealed so far, by peer.</summary>
    public IReadOnlyDictionary<int, ShareKind> Revealed => _revealed;

    /// <summary>Decides the answer to an unmask request naming which clients survived (sent a masked input)
    /// and which dropped. Only neighbours count; this client itself is ignored. Either every share is
    /// revealed and recorded, or (on refusal) none.</summary>
    public ShareRevealDecision Decide(IEnumerable<int> survivors, IEnumerable<int> dropped)
    {
        ArgumentNullException.ThrowIfNull(survivors);
        ArgumentNullException.ThrowIfNull(dropped);
        var alive = survivors.Where(p => p != _self && _neighbours.Contains(p)).ToHashSet();
        var gone = dropped.Where(p => p != _self && _neighbours.Contains(p)).ToHashSet();
        var both = alive.Intersect(gone).Order().ToArray();
        if (both.Length > 0)
            return Refuse($"peer(s) {string.Join(", ", both)} named both as survivor and as dropped");
        // This client survived too, so it counts among the survivors of its own neighbourhood's view.
        if (alive.Count + 1 < _threshold)
            return Refuse($"only {alive.Count} surviving neighbour(s) plus this client, fewer than the threshold t = {_threshold}");
        var reveals = new List<ShareReveal>(alive.Count + gone.Count);
        foreach (int peer in alive.Order())
            reveals.Add(new ShareReveal(peer, ShareKind.SelfMaskSeed));
        foreach (int peer in gone.Order())
            reveals.Add(new ShareReveal(peer, ShareKind.PairwiseSecret));
        foreach (var reveal in reveals)
            if (_revealed.TryGetValue(reveal.Peer, out var earlier) && earlier != reveal.Kind)
                return Refuse($"peer {reveal.Peer}: the {Describe(earlier)} share was already revealed, so the {Describe(reveal.Kind)} share never will be");
        foreach (var reveal in reveals)
            _revealed[reveal.Peer] = reveal.Kind;
        return new ShareRevealDecision(reveals, null);
    }

    static ShareRevealDecision Refuse(string why) => new([], why);

    static string Describe(ShareKind kind) => kind == ShareKind.SelfMaskSeed ? "self-mask" : "pairwise-secret";
}
