namespace FedHybrid.Aggregation.Privacy;

/// <summary>Everything an <see cref="RdpAccountant"/> needs to resume: its orders and the RDP spent so far at
/// each (plain arrays, for the strategy-state checkpoint).</summary>
public sealed record RdpAccountantState(double[] Orders, double[] Rdp);
