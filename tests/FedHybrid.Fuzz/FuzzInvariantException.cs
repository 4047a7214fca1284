namespace FedHybrid.Fuzz;

/// <summary>A parser accepted an input but broke a postcondition (e.g. decode then encode did not give the
/// input back, or two opening paths disagreed). Never a rejection: the fuzzer reports it as a crash.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);
