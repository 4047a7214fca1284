using FedHybrid.Attacks.Network;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Attacks.Tests.Network;

/// <summary>The tampering proxy over real gRPC (in one process, fake model): every kind of alteration of a
/// SubmitReply stream, by suite, is refused and counted, and the model is that of a run that lacks exactly the
/// refused contributions.</summary>
public sealed class TamperProxyTests
{
    const int Clients = 7, Rounds = 3;

    /// <summary>Long enough for fake clients, short because the round whose reply the attacker re-labels waits for it.</summary>
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    static IReadOnlyList<string> Ids => Enumerable.Range(1, Clients).Select(i => $"client-{i}").ToArray();

    public static TheoryData<SuiteId> Suites => [SuiteId.None, SuiteId.HpkeX25519Aes256Gcm, SuiteId.PqXWingAes256Gcm];

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task EveryAlteredUpdateIsRefusedCountedAndLeftOutOfTheModel(SuiteId suite)
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = TamperPlan.Covering(Ids, Rounds) with { Delay = TimeSpan.FromMilliseconds(200) };
        // 6 tamperable clients a round over 3 rounds hold every kind but Withhold.
        Assert.Equal(Enum.GetValues<TamperKind>().Length - 1, plan.Actions.Count);

        var attacked = await FakeProxiedRun.RunAsync(Clients, Rounds, suite, plan, ct, Deadline);
        var outcomes = attacked.Outcomes;
        string Table() => string.Join("\n", outcomes.Select(o => $"{o.Action.Kind} {o.Action.ClientId} r{o.Action.Round}: applied {o.Applied}, accepted {o.Accepted} {o.Reason} ({o.Description}; {o.Detail})"));
        TestContext.Current.TestOutputHelper?.WriteLine(Table());

        Assert.True(plan.Actions.Count == outcomes.Count, Table());
        Assert.True(outcomes.All(o => o.Applied), Table());
        Assert.True(outcomes.Where(o => TamperPlan.AltersUpdate(o.Action.Kind)).All(o => !o.Accepted), Table());
        Assert.True(outcomes.Where(o => !TamperPlan.AltersUpdate(o.Action.Kind)).All(o => o.Accepted), Table());
        int refused = attacked.Capture.Verdicts.Count(v => !v.Accepted);
        Assert.True(refused == attacked.Summary.UpdatesRejected, Table());
        Assert.Equal(refused, attacked.Summary.RejectionReasons.Values.Sum());
        Assert.Equal(Clients * Rounds - refused, attacked.Summary.UpdatesAccepted);

        var withheld = new TamperPlan(attacked.Capture.Verdicts.Where(v => !v.Accepted)
            .Select(v => new TamperAction(TamperKind.Withhold, v.ClientId, v.Round)).ToArray());
        var reference = await FakeProxiedRun.RunAsync(Clients, Rounds, suite, withheld, ct);
        Assert.Equal(refused, reference.Summary.UpdatesRejected);
        Assert.Equal(reference.Summary.FinalModelSha256, attacked.Summary.FinalModelSha256);

        // And the rejections mattered: an untampered run ends elsewhere.
        var honest = await FakeProxiedRun.RunAsync(Clients, Rounds, suite, TamperPlan.None, ct);
        Assert.NotEqual(honest.Summary.FinalModelSha256, attacked.Summary.FinalModelSha256);
    }

    [Fact]
    public void TheCoveringPlanKeepsAnHonestClientEveryRoundAndReplaysOnlyFromRoundTwo()
    {
        var plan = TamperPlan.Covering(Ids, Rounds);
        Assert.All(plan.Actions, a => Assert.NotEqual("client-7", a.ClientId));
        Assert.All(plan.Actions.Where(a => a.Kind is TamperKind.ReplayEarlierRound or TamperKind.ReplayEarlierRoundRewritten), a => Assert.True(a.Round >= 2));
        Assert.Equal(plan.Actions.Count, plan.Actions.Select(a => a.Kind).Distinct().Count());
    }

    [Fact]
    public void UnderSecureAggregationThePlanTampersWithMaskedFitRepliesWithinTheDropoutBudget()
    {
        var plan = TamperPlan.Covering(Ids, Rounds, stage: "masked-fit", perRound: 2);
        Assert.NotEmpty(plan.Actions);
        Assert.All(plan.Actions, a => Assert.Equal("masked-fit", a.Stage));
        Assert.All(plan.Actions.GroupBy(a => a.Round), round => Assert.True(round.Count() <= 2));
        Assert.True(plan.Actions.Count < TamperPlan.Covering(Ids, Rounds).Actions.Count);
    }
}
