using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>What a secure-aggregation round ends with: the mean delta (the survivors' clipped deltas
/// weighted by sample count), or the reason it could not be unmasked; and either way the figures for the
/// round's metrics and the replies it refused.</summary>
public sealed record MaskedMean(float[]? Mean, string? AbortReason, int Survivors, double TrainLoss, long ValuesClipped,
    IReadOnlyList<ReplyRejection> Rejections);

/// <summary>A stage of a secure-aggregation round has ended: the next stage, or the round's end.</summary>
public sealed record SecureStep(StagePlan? Next, MaskedMean? Done);
