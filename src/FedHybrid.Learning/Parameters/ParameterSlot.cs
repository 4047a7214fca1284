namespace FedHybrid.Learning.Parameters;

/// <summary>Where one named parameter tensor lives in the flat vector: elements [Offset, Offset + Length).</summary>
public sealed record ParameterSlot(string Name, IReadOnlyList<long> Shape, int Offset, int Length)
{
    public override string ToString() => $"{Name} [{string.Join("x", Shape)}] @ {Offset} (+{Length})";
}
