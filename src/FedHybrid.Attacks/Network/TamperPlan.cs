namespace FedHybrid.Attacks.Network;

/// <summary>Which replies the proxy alters, and how. At most one action per (client, round, stage).</summary>
public sealed record TamperPlan(IReadOnlyList<TamperAction> Actions)
{
    public static TamperPlan None { get; } = new([]);

    /// <summary>How long <see cref="TamperKind.Delay"/> holds a stream.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a replay of another client's reply waits for one to arrive in the same round.</summary>
    public TimeSpan WaitForOtherReply { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the kind changes what the coordinator receives as the update (not only when, or the timings beside it).</summary>
    public static bool AltersUpdate(TamperKind kind) => kind is not (TamperKind.Delay or TamperKind.ForgeTimings);

    public TamperAction? Find(string clientId, int round, string stage) =>
        Actions.FirstOrDefault(a => a.ClientId == clientId && a.Round == round && a.Stage == stage);

    /// <summary>
    /// Every kind once, over the config's clients and rounds: in each round all clients but the last (so
    /// every round keeps an honest reply and reaches its quorum) take the next kind that applies (a replay
    /// of the previous round needs round 2 or later). Kinds that do not fit are left out; <paramref name="kinds"/>
    /// defaults to every kind except <see cref="TamperKind.Withhold"/>. <paramref name="stage"/> is the stage whose
    /// replies carry the update (masked-fit under secure aggregation), and <paramref name="perRound"/> caps the tampered
    /// clients of a round (secure aggregation survives only so many dropouts; default: all but one).
    /// </summary>
    public static TamperPlan Covering(IReadOnlyList<string> clientIds, int rounds, IEnumerable<TamperKind>? kinds = null, string stage = "fit", int? perRound = null)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        var pending = new List<TamperKind>(kinds ?? Enum.GetValues<TamperKind>().Where(k => k != TamperKind.Withhold));
        var actions = new List<TamperAction>();
        int tampered = Math.Clamp(perRound ?? clientIds.Count - 1, 0, clientIds.Count - 1);
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var client in clientIds.Take(tampered))
            {
                int next = pending.FindIndex(k => round >= 2 || !NeedsEarlierRound(k));
                if (next < 0)
                    break;
                actions.Add(new TamperAction(pending[next], client, round, stage));
                pending.RemoveAt(next);
            }
        }
        return new TamperPlan(actions);
    }

    static bool NeedsEarlierRound(TamperKind kind) => kind is TamperKind.ReplayEarlierRound or TamperKind.ReplayEarlierRoundRewritten;
}
