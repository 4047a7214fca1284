namespace FedHybrid.Experiments;

/// <summary>A simulation could not complete (clients died, no round reached its quorum, ...).</summary>
public sealed class SimulationFailedException : Exception
{
    public SimulationFailedException(string message) : base(message) { }

    public SimulationFailedException(string message, Exception inner) : base(message, inner) { }
}
