namespace FedHybrid.Experiments.Efficiency;

/// <summary>
/// One round's simulation efficiency (<see cref="FloorSeconds"/> / <see cref="RoundSeconds"/>) and where its wall time
/// went, in seconds. The round is <see cref="PublishSeconds"/> (select and seal the stages' instructions),
/// <see cref="CollectSeconds"/> (clients download, train, seal and upload while the coordinator opens and checks),
/// <see cref="AggregateSeconds"/>, <see cref="EvaluateSeconds"/> and <see cref="OtherSeconds"/> (checkpoint, tables).
/// Collect is split by what the cores did, each a sum over the round's clients divided by the cores: the floor, training
/// beyond it, the clients' crypto and transfer, the coordinator's opening and checking, and the rest
/// (<see cref="IdleSeconds"/>: cores idle or the phases waiting for a core; negative where measured phases overlapped).
/// </summary>
public sealed record RoundEfficiency(
    int Round,
    int Clients,
    long SamplesTrained,
    double FloorSeconds,
    double RoundSeconds,
    double PublishSeconds,
    double CollectSeconds,
    double TrainingBeyondFloorSeconds,
    double ClientCryptoAndTransferSeconds,
    double CoordinatorOpenCheckSeconds,
    double IdleSeconds,
    double AggregateSeconds,
    double EvaluateSeconds,
    double OtherSeconds)
{
    public double Efficiency => FloorSeconds / RoundSeconds;
}
