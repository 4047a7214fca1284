namespace FedHybrid.Attacks.Network;

/// <summary>
/// What the eavesdropper recovered, in numbers. <see cref="ExactFraction"/>: the fraction of the true
/// weights (every fit reply's delta, by client and round) whose recovered value has the same float32 bits at
/// the same index. <see cref="ToleranceFraction"/>: within <see cref="RelativeTolerance"/> of the true value
/// (|guess - true| &lt;= tolerance * |true|; a zero must be recovered as a zero). A missing guess counts as not
/// recovered. <see cref="Body"/>: the byte statistics of every captured body (plaintext or ciphertext).
/// <see cref="Leaked"/>: the header fields every envelope shows in the clear, with an example.
/// </summary>
public sealed record EavesdropResult(
    string Suite,
    int Replies,
    int HeadersParsed,
    int PlaintextDecoded,
    long WeightsCompared,
    long ExactMatches,
    long ToleranceMatches,
    double RelativeTolerance,
    ByteStatistics Body,
    IReadOnlyList<string> Leaked)
{
    public double ExactFraction => WeightsCompared == 0 ? 0 : (double)ExactMatches / WeightsCompared;

    public double ToleranceFraction => WeightsCompared == 0 ? 0 : (double)ToleranceMatches / WeightsCompared;
}
