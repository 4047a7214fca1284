using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation;

/// <summary>
/// How a federated run chooses clients and combines their work, after Flower's <c>Strategy</c>. A round
/// is a sequence of stages that the strategy defines: <see cref="BeginRound"/> names the first, and
/// <see cref="CompleteStage"/> answers each stage's replies and failures with the next stage or the
/// round's result. The engine does the same thing in every stage (seal, publish, collect, check), so a
/// new strategy is one file over this class; sockets and keys do not change. State that must survive a
/// restart (server-optimizer moments, control variates) goes through <see cref="SaveState"/> into the
/// sealed checkpoint and comes back through <see cref="RestoreState"/>.
/// </summary>
public abstract class Strategy
{
    /// <summary>The name the registry and configs know it by.</summary>
    public abstract string Name { get; }

    /// <summary>The initial global parameters from the model's own initialization (unchanged by default).</summary>
    public virtual float[] InitializeParameters(float[] modelInitial) => modelInitial;

    /// <summary>The first stage of <paramref name="round"/>.</summary>
    public abstract StagePlan BeginRound(RoundContext round);

    /// <summary>Checks one authenticated reply as it arrives (vector lengths, required metrics, ranges);
    /// null when the strategy can use it. A rejected reply reaches <see cref="CompleteStage"/> as a
    /// failure with this reason. The engine has already checked authenticity, replay, run, round, stage
    /// and that every number is finite.</summary>
    public virtual ReplyProblem? CheckReply(RoundContext round, string stage, StageReply reply) => null;

    /// <summary>Called by the engine with each reply it accepts into the open stage, as it accepts it (under the
    /// engine's lock: never concurrently with itself, <see cref="BeginRound"/> or <see cref="CompleteStage"/>).
    /// A strategy that needs only a running sum folds the reply's vectors into it here and answers the reply the
    /// engine keeps instead, without them, so the coordinator holds no update past its arrival; that very object
    /// then reaches <see cref="CompleteStage"/> among the stage's replies. By default the reply is kept whole.</summary>
    public virtual StageReply Absorb(RoundContext round, string stage, StageReply reply) => reply;

    /// <summary>Why this strategy needs every update held until its stage ends, or null when it folds each into
    /// a running sum as it is accepted (<see cref="Absorb"/>).</summary>
    public virtual string? HoldsEveryUpdate => $"strategy '{Name}' takes its replies when the stage ends";

    /// <summary>The next stage of the round, or its result, from the stage that just ended.</summary>
    public abstract StageOutcome CompleteStage(RoundContext round, StageResults results);

    /// <summary>What must survive a restart; taken after each completed round.</summary>
    public virtual StrategyState SaveState() => StrategyState.Empty;

    /// <summary>Restores what <see cref="SaveState"/> saved, before the first resumed round.</summary>
    public virtual void RestoreState(StrategyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsEmpty)
            throw new ArgumentException($"strategy '{Name}' keeps no state, but the checkpoint holds {state.Describe()}", nameof(state));
    }
}
