namespace FedHybrid.Aggregation.Stages;

/// <summary>What a strategy answers when a stage ends: another stage, or the round's result.</summary>
public abstract record StageOutcome
{
    StageOutcome()
    {
    }

    public static StageOutcome Next(StagePlan plan) => new NextStage(plan);

    public static StageOutcome Done(RoundResult result) => new RoundDone(result);

    public sealed record NextStage(StagePlan Plan) : StageOutcome;

    public sealed record RoundDone(RoundResult Result) : StageOutcome;
}
