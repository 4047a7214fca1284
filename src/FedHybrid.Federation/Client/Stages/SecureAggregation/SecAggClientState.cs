using FedHybrid.Aggregation.Stages;
using FedHybrid.Crypto.Agreement;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>
/// The one secure-aggregation round a client is in, shared by its four stage handlers. advertise-keys
/// begins a round (and ends any earlier one, zeroing its secrets); the later stages find it by run and
/// round, and refuse to act without it, since a client that lost its secrets (restarted mid-round) can
/// only drop out of that round.
/// </summary>
public sealed class SecAggClientState
{
    readonly Lock _lock = new();
    SecAggClientRound? _current;

    public SecAggClientRound Begin(string runId, int round, MaskingAgreement agreement)
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = new SecAggClientRound(runId, round, agreement);
            return _current;
        }
    }

    /// <exception cref="StageConfigException">No round was begun for this run and round.</exception>
    public SecAggClientRound Current(string runId, int round, string stage)
    {
        lock (_lock)
            return _current is { } current && current.RunId == runId && current.Round == round ? current
                : throw new StageConfigException($"no secure-aggregation keys for round {round} (advertise-keys was not seen by this process); {stage} is skipped");
    }

    /// <summary>Ends the round: its secrets are zeroed.</summary>
    public void End(SecAggClientRound round)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_current, round))
                _current = null;
            round.Dispose();
        }
    }

    /// <summary>The four handlers over one shared state.</summary>
    public static IReadOnlyList<IStageHandler> Handlers()
    {
        var state = new SecAggClientState();
        return [new AdvertiseKeysHandler(state), new ShareKeysHandler(state), new MaskedFitHandler(state), new UnmaskHandler(state)];
    }
}
