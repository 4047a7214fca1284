using FedHybrid.Aggregation;
using FedHybrid.Crypto;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// Opens a sealed update and checks it, in order: size limit, authentic sender (the envelope opens
/// under the client's provisioned keys), claimed sender, run, not seen before, round, well-formed
/// payload, parameter count, sample count within its limit, all finite. The first failed check is the rejection reason.
/// </summary>
public sealed class UpdateValidator
{
    readonly ICoordinatorCrypto _crypto;
    readonly ReplayGuard _replays;
    readonly string _runId;
    readonly int _parameterCount;
    readonly long _maxEnvelopeBytes;
    readonly SampleLimits _samples;
    readonly double _maxReportedMs;

    /// <param name="roundDeadline">Bounds every timing a client reports: an honest client measures each
    /// within the round, which its deadline ends.</param>
    public UpdateValidator(ICoordinatorCrypto crypto, ReplayGuard replays, string runId, int parameterCount, long maxEnvelopeBytes,
        SampleLimits samples, TimeSpan roundDeadline)
    {
        _maxReportedMs = roundDeadline.TotalMilliseconds;
        _samples = samples;
        _crypto = crypto;
        _replays = replays;
        _runId = runId;
        _parameterCount = parameterCount;
        _maxEnvelopeBytes = maxEnvelopeBytes;
    }

    /// <summary>Checks what a client reported with its update: the train loss is a finite number
    /// &gt;= 0 (a cross-entropy), each timing a finite number of milliseconds within the round's
    /// deadline. Null when every value passes, else the rejection of the first that fails.</summary>
    public UpdateVerdict? CheckReport(ClientReport report)
    {
        var verdict = ReportedValue.Check("train_loss", report.TrainLoss, 0, double.MaxValue);
        foreach (var (field, value) in report.Timings)
            verdict ??= ReportedValue.Check($"timings.{field}", value, 0, _maxReportedMs);
        return verdict;
    }

    /// <summary>Checks how a client evaluated the global model on its own data: loss as a train
    /// loss, accuracy in [0, 1], count in 1..the most samples the client may claim.</summary>
    public UpdateVerdict? CheckEvaluation(string clientId, EvaluationSummary summary) =>
        ReportedValue.Check("loss", summary.Loss, 0, double.MaxValue)
        ?? ReportedValue.Check("accuracy", summary.Accuracy, 0, 1)
        ?? ReportedValue.Check("count", summary.Count, 1, _samples.MaxFor(clientId));

    public UpdateVerdict Validate(PublicIdentity sender, int round, ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length > _maxEnvelopeBytes)
            return UpdateVerdict.Reject(UpdateRejection.TooLarge, $"{envelope.Length} bytes, limit {_maxEnvelopeBytes}");
        OpenedEnvelope opened;
        try
        {
            opened = _crypto.OpenUpdate(envelope, sender);
        }
        catch (CryptoException e)
        {
            return UpdateVerdict.Reject(UpdateRejection.Unauthenticated, e.Message);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or EndOfStreamException)
        {
            return UpdateVerdict.Reject(UpdateRejection.Unauthenticated, e.Message);
        }
        if (!string.Equals(opened.Sender, sender.Id, StringComparison.Ordinal))
            return UpdateVerdict.Reject(UpdateRejection.WrongSender, $"sealed by '{opened.Sender}', submitted by '{sender.Id}'");
        if (!string.Equals(opened.RunId, _runId, StringComparison.Ordinal))
            return UpdateVerdict.Reject(UpdateRejection.WrongRun, $"run '{opened.RunId}', expected '{_runId}'");
        if (!_replays.TryRecord(opened.EnvelopeId))
            return UpdateVerdict.Reject(UpdateRejection.Replayed, $"envelope {opened.EnvelopeId} was received before");
        if (opened.Round != round)
            return UpdateVerdict.Reject(UpdateRejection.WrongRound, $"sealed for round {opened.Round}, this is round {round}");
        float[] delta;
        long samples, count;
        try
        {
            (delta, samples) = UpdatePayload.Decode(opened.Payload, out count);
        }
        catch (MalformedPayloadException e)
        {
            return UpdateVerdict.Reject(UpdateRejection.Malformed, e.Message);
        }
        if (count != _parameterCount)
            return UpdateVerdict.Reject(UpdateRejection.WrongSize, $"{count} parameters, the model has {_parameterCount}");
        long maxSamples = _samples.MaxFor(sender.Id);
        if (samples <= 0 || samples > maxSamples)
            return UpdateVerdict.Reject(UpdateRejection.SampleCountOutOfRange, $"sample count {samples} is outside 1..{maxSamples} for '{sender.Id}'");
        if (!VectorMath.AllFinite(delta))
            return UpdateVerdict.Reject(UpdateRejection.NotFinite, "the delta contains NaN or infinity");
        return UpdateVerdict.Accept(delta, samples);
    }
}
