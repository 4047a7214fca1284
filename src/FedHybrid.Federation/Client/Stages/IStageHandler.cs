namespace FedHybrid.Federation.Client.Stages;

/// <summary>What a client does in one kind of stage. The runtime downloads, opens and checks the
/// stage's sealed parts before, and seals and submits the answer after: a handler only computes.</summary>
public interface IStageHandler
{
    /// <summary>The stage name it answers (fit, evaluate, ...).</summary>
    string Stage { get; }

    Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken);
}
