using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// Quantity skew, as NIID-Bench's "iid-diff-quantity": client sizes are shares drawn from
/// Dirichlet(beta) (redrawn until every client has at least min(10, n / clients) samples), and the
/// shuffled samples are dealt in those sizes, so each client's classes stay roughly IID.
/// </summary>
public sealed class QuantitySkewPartitioner : Partitioner
{
    public QuantitySkewPartitioner(double beta)
    {
        if (!IsValidBeta(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, BetaRule);
        Beta = beta;
    }

    public double Beta { get; }

    public override string Spec => "quantity:" + Beta.ToString(CultureInfo.InvariantCulture);

    protected override int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random)
    {
        int[] order = new int[labels.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        random.Shuffle(order.AsSpan());
        int minimum = MinimumClientSize(labels.Length, clientCount);
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            int[] sizes = SizesFromProportions(random.NextDirichlet(Beta, clientCount), order.Length);
            if (sizes.Min() < minimum)
                continue;
            var clients = new int[clientCount][];
            int start = 0;
            for (int client = 0; client < clientCount; client++)
            {
                clients[client] = order.AsSpan(start, sizes[client]).ToArray();
                start += sizes[client];
            }
            return clients;
        }
        throw new ArgumentException(
            $"{Spec}: {MaxDraws} draws did not give each of {clientCount:N0} clients at least {minimum} of the {labels.Length:N0} samples; use a larger BETA or fewer clients");
    }
}
