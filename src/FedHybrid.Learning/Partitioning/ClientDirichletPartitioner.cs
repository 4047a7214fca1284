using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// Label skew for many clients, as in cross-device studies (Hsu, Qi, Brown 2019, "Measuring the effects of
/// non-identical data distribution"): each client, in turn, draws its label mix q ~ Dirichlet(alpha) over the classes
/// and takes its equal share of the samples (n / clients, the first n mod clients one more) class by class from q,
/// renormalized over the classes that still have samples. Every client gets samples however many clients there are,
/// which NIID-Bench's per-class split (<see cref="DirichletLabelPartitioner"/>) cannot promise beyond a few hundred.
/// Small alpha: a client sees few classes; large alpha: close to IID.
/// </summary>
public sealed class ClientDirichletPartitioner : Partitioner
{
    public ClientDirichletPartitioner(double alpha)
    {
        if (!IsValidBeta(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, BetaRule);
        Alpha = alpha;
    }

    public double Alpha { get; }

    public override string Spec => "client-dirichlet:" + Alpha.ToString(CultureInfo.InvariantCulture);

    protected override int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random)
    {
        int[][] pools = IndicesByClass(labels, classCount);
        foreach (var pool in pools)
            random.Shuffle(pool.AsSpan());
        var taken = new int[classCount];
        var clients = new int[clientCount][];
        var weights = new double[classCount];
        for (int client = 0; client < clientCount; client++)
        {
            int size = labels.Length / clientCount + (client < labels.Length % clientCount ? 1 : 0);
            var mix = random.NextDirichlet(Alpha, classCount);
            var indices = new int[size];
            for (int s = 0; s < size; s++)
            {
                double total = 0;
                for (int c = 0; c < classCount; c++)
                    total += weights[c] = taken[c] < pools[c].Length ? mix[c] : 0;
                // A mix with all its weight on exhausted classes falls back to the remaining samples, uniformly by class.
                if (!(total > 0))
                    for (int c = 0; c < classCount; c++)
                        total += weights[c] = taken[c] < pools[c].Length ? 1 : 0;
                double u = random.NextDouble() * total;
                int chosen = -1;
                for (int c = 0; c < classCount; c++)
                {
                    if (weights[c] <= 0) continue;
                    chosen = c;
                    if ((u -= weights[c]) < 0) break;
                }
                indices[s] = pools[chosen][taken[chosen]++];
            }
            clients[client] = indices;
        }
        return clients;
    }
}
