using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// Quantity skew, after NIID-Bench's "iid-diff-quantity": client sizes follow shares drawn from
/// Dirichlet(beta), and the shuffled samples are dealt in those sizes, so each client's classes stay
/// roughly IID. NIID-Bench redraws the shares until every client has at least 10 samples; with many
/// clients that can take tens of thousands of draws (100 clients at BETA 0.5: about 1 in 40,000
/// succeeds), so here every client is first given min(10, n / clients) samples and the Dirichlet
/// shares divide the rest: one draw, the same skew wherever the minimum is small beside n / clients.
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
        int[] sizes = SizesFromProportions(random.NextDirichlet(Beta, clientCount), order.Length - minimum * clientCount);
        var clients = new int[clientCount][];
        int start = 0;
        for (int client = 0; client < clientCount; client++)
        {
            int size = minimum + sizes[client];
            clients[client] = order.AsSpan(start, size).ToArray();
            start += size;
        }
        return clients;
    }
}
