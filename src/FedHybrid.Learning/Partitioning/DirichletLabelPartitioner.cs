using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// Label skew by Dirichlet(beta), as NIID-Bench's "noniid-labeldir" (Li et al. 2022, after Yurochkin et
/// al. 2019): for each class, the shares of its samples across clients are drawn from Dirichlet(beta);
/// clients that already hold at least their fair share (n / clients) are left out of later draws, which
/// keeps sizes from running away. The whole split is redrawn until every client has at least
/// min(10, n / clients) samples. Small beta: each client sees few classes; large beta: close to IID.
/// </summary>
public sealed class DirichletLabelPartitioner : Partitioner
{
    public DirichletLabelPartitioner(double beta)
    {
        if (!IsValidBeta(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, BetaRule);
        Beta = beta;
    }

    public double Beta { get; }

    // Each draw shuffles every class, so give up sooner than the quantity split does.
    private const int MaxDraws = 1000;

    public override string Spec => "dirichlet:" + Beta.ToString(CultureInfo.InvariantCulture);

    protected override int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random)
    {
        int[][] byClass = IndicesByClass(labels, classCount);
        int minimum = MinimumClientSize(labels.Length, clientCount);
        double fairShare = (double)labels.Length / clientCount;
        var eligible = new List<int>(clientCount);
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            var clients = new List<int>[clientCount];
            for (int client = 0; client < clientCount; client++)
                clients[client] = [];
            foreach (int[] classIndices in byClass)
            {
                if (classIndices.Length == 0)
                    continue;
                int[] shuffled = (int[])classIndices.Clone();
                random.Shuffle(shuffled.AsSpan());
                // Some client is always below its fair share while samples remain, so this is never empty.
                eligible.Clear();
                for (int client = 0; client < clientCount; client++)
                    if (clients[client].Count < fairShare)
                        eligible.Add(client);
                // A Dirichlet over the eligible clients is the full draw with the others zeroed and renormalized.
                int[] sizes = SizesFromProportions(random.NextDirichlet(Beta, eligible.Count), shuffled.Length);
                int start = 0;
                for (int e = 0; e < eligible.Count; e++)
                {
                    clients[eligible[e]].AddRange(shuffled.AsSpan(start, sizes[e]));
                    start += sizes[e];
                }
            }
            if (clients.Min(client => client.Count) >= minimum)
                return [.. clients.Select(client => client.ToArray())];
        }
        throw new ArgumentException(
            $"{Spec}: {MaxDraws:N0} draws did not give each of {clientCount:N0} clients at least {minimum} of the {labels.Length:N0} samples; use a larger BETA or fewer clients");
    }
}
