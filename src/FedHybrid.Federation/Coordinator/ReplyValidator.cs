using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Crypto;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// Opens a sealed stage reply and checks what the engine can check whatever the strategy, in order:
/// size limit, authentic sender (the envelope opens under the client's provisioned keys), claimed
/// sender, run, not seen before, round, well-formed stage message, its kind, stage, task and party,
/// every reported number and every vector finite, a claimed sample count within its limit. The first
/// failed check is the rejection reason. What only the strategy knows (vector lengths, required
/// metrics) it checks next, through <see cref="Strategy.CheckReply"/>.
/// </summary>
public sealed class ReplyValidator
{
    /// <summary>The reply metric that carries a sample count (a FedAvg weight), bounded per client.</summary>
    public const string SampleCountMetric = "sample_count";

    /// <summary>Reply metrics that count the client's own examples, each bounded by its sample limit.</summary>
    static readonly string[] CountMetrics = [SampleCountMetric, "count"];

    readonly ICoordinatorCrypto _crypto;
    readonly ReplayGuard _replays;
    readonly string _runId;
    readonly long _maxEnvelopeBytes;
    readonly SampleLimits _samples;

    public ReplyValidator(ICoordinatorCrypto crypto, ReplayGuard replays, string runId, long maxEnvelopeBytes, SampleLimits samples)
    {
        _crypto = crypto;
        _replays = replays;
        _runId = runId;
        _maxEnvelopeBytes = maxEnvelopeBytes;
        _samples = samples;
    }

    public ReplyVerdict Validate(PublicIdentity sender, ExpectedReply expected, ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length > _maxEnvelopeBytes)
            return ReplyVerdict.Reject(UpdateRejection.TooLarge, $"{envelope.Length} bytes, limit {_maxEnvelopeBytes}");
        OpenedEnvelope opened;
        try
        {
            opened = _crypto.OpenReply(envelope, sender);
        }
        catch (CryptoException e)
        {
            return ReplyVerdict.Reject(UpdateRejection.Unauthenticated, e.Message);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or EndOfStreamException)
        {
            return ReplyVerdict.Reject(UpdateRejection.Unauthenticated, e.Message);
        }
        if (!string.Equals(opened.Sender, sender.Id, StringComparison.Ordinal))
            return ReplyVerdict.Reject(UpdateRejection.WrongSender, $"sealed by '{opened.Sender}', submitted by '{sender.Id}'");
        if (!string.Equals(opened.RunId, _runId, StringComparison.Ordinal))
            return ReplyVerdict.Reject(UpdateRejection.WrongRun, $"run '{opened.RunId}', expected '{_runId}'");
        if (!_replays.TryRecord(opened.EnvelopeId))
            return ReplyVerdict.Reject(UpdateRejection.Replayed, $"envelope {opened.EnvelopeId} was received before");
        if (opened.Round != expected.Round)
            return ReplyVerdict.Reject(UpdateRejection.WrongRound, $"sealed for round {opened.Round}, this is round {expected.Round}");
        StageMessage message;
        try
        {
            message = StageMessageCodec.Decode(opened.Payload);
        }
        catch (MalformedPayloadException e)
        {
            return ReplyVerdict.Reject(UpdateRejection.Malformed, e.Message);
        }
        if (message.Kind != StageMessageKind.Reply || message.RunId != _runId || message.Round != expected.Round || message.Party != sender.Id)
            return ReplyVerdict.Reject(UpdateRejection.Malformed,
                $"the sealed message is a {message.Kind} of run '{message.RunId}' round {message.Round} for '{message.Party}', not a reply of '{sender.Id}' in round {expected.Round}");
        if (message.Stage != expected.Stage || message.TaskId != expected.TaskId)
            return ReplyVerdict.Reject(UpdateRejection.WrongStage, $"a reply to {message.Stage} ({message.TaskId}), expected {expected.Stage} ({expected.TaskId})");
        foreach (var (key, value) in message.Config)
            if (value.Kind == ConfigValueKind.Number && !double.IsFinite(value.AsNumber()))
                return ReplyVerdict.Reject(UpdateRejection.NotFinite, $"reported '{key}' is {value}");
        foreach (var (name, vector) in message.Payload.Vectors)
            if (!VectorMath.AllFinite(vector))
                return ReplyVerdict.Reject(UpdateRejection.NotFinite, $"vector '{name}' contains NaN or infinity");
        // A count of the client's own examples (trained on, or evaluated) cannot exceed what it holds.
        foreach (var metric in CountMetrics)
            if (message.Config.TryGetValue(metric, out var claimed))
            {
                long maxSamples = _samples.MaxFor(sender.Id);
                if (claimed.Kind != ConfigValueKind.Integer || claimed.AsInteger() <= 0 || claimed.AsInteger() > maxSamples)
                    return ReplyVerdict.Reject(UpdateRejection.SampleCountOutOfRange, $"sample count {claimed} ('{metric}') is outside 1..{maxSamples} for '{sender.Id}'");
            }
        return ReplyVerdict.Accept(new StageReply(sender.Id, message.Config, message.Payload));
    }
}
