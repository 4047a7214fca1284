namespace FedHybrid.IntegrationTests;

/// <summary>One process kill of a chaos schedule: once the coordinator reports <see cref="Round"/> at
/// <see cref="Updates"/> updates received (<see cref="RoundComplete"/>: the round's checkpoint is
/// written), wait <see cref="DelayMs"/> more, then SIGKILL <see cref="Client"/> (null: the coordinator).</summary>
sealed record ChaosFault(int Round, int Updates, int DelayMs, string? Client)
{
    public const int RoundComplete = int.MaxValue;

    /// <summary>Where the trigger falls in the run, comparable with <see cref="ChaosRun"/>'s progress.</summary>
    public long Position => Round * 1000L + Math.Min(Updates, 999);

    public override string ToString() =>
        $"kill {Client ?? "coordinator"} at round {Round} {(Updates == RoundComplete ? "complete" : $"updates {Updates}")} + {DelayMs} ms";
}
