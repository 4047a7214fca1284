using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// SCAFFOLD (Karimireddy et al., ICML 2020, Algorithm 1 with option II): the fit payload carries the
/// server control variate c beside the model; each client corrects every local gradient by c - c_i,
/// updates its own c_i (<see cref="ScaffoldControl.ClientUpdate"/>) and replies with delta = y_i - x and
/// control_delta = c_i+ - c_i. The server moves x = x + eta_g * mean(delta) and
/// c = c + (|S| / N) * mean(control_delta), with S the accepted clients and N all clients. The means
/// are unweighted, as in the paper (Flower's baseline weights them by sample count), in double in
/// client-id order. State: c (zeros before the first round).
/// </summary>
public sealed class Scaffold : FitStrategy
{
    public const string ControlState = "control";

    readonly ScaffoldOptions _options;
    float[]? _control;

    public Scaffold(ScaffoldOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "scaffold";

    private protected override string? FoldRefusal => "it averages two vectors from each client (delta and control_delta); both could fold with unit weights, but that is not built";

    protected override IReadOnlyList<string> ReplyVectors { get; } = [FitProtocol.Delta, FitProtocol.ControlDelta];

    protected override StagePayload FitPayload(RoundContext round) => StagePayload.OfVectors(
        (FitProtocol.Model, round.Global), (FitProtocol.Control, StateVector.OrZeros(_control, round.Global.Length, Name, ControlState)));

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        var control = StateVector.OrZeros(_control, round.Global.Length, Name, ControlState);
        var equal = accepted.Select(_ => 1L).ToArray();
        var delta = VectorMath.WeightedAverage(accepted.Select(r => r.Delta).ToArray(), equal);
        var controlDelta = VectorMath.WeightedAverage(accepted.Select(r => r.Vectors[FitProtocol.ControlDelta]).ToArray(), equal);
        double eta = _options.ServerLearningRate, share = (double)accepted.Count / round.Clients.Count;
        var next = new float[delta.Length];
        var nextControl = new float[delta.Length];
        for (int j = 0; j < delta.Length; j++)
        {
            next[j] = (float)(round.Global[j] + eta * delta[j]);
            nextControl[j] = (float)(control[j] + share * controlDelta[j]);
        }
        return new ServerStep(next, StateVector.Of((ControlState, nextControl)));
    }

    protected override StrategyState SaveStepState() => _control is null ? StrategyState.Empty : StateVector.Of((ControlState, _control));

    protected override void RestoreStepState(StrategyState state) =>
        _control = StateVector.Read(state, Name, [ControlState]).GetValueOrDefault(ControlState);
}
