using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// Label-count skew, as NIID-Bench's "noniid-#label{C}": each client holds exactly C distinct classes,
/// and each class's samples are shuffled and split equally among the clients that hold it. Unlike
/// NIID-Bench, which drops classes no client drew, the classes are dealt so that every class present
/// has a holder (client i first takes the i-th class of a shuffled order, classes left over go round
/// robin, the remaining slots are drawn at random), so the split covers all the data.
/// </summary>
public sealed class LabelCountPartitioner : Partitioner
{
    public LabelCountPartitioner(int classesPerClient)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classesPerClient);
        ClassesPerClient = classesPerClient;
    }

    public int ClassesPerClient { get; }

    public override string Spec => "classes:" + ClassesPerClient.ToString(CultureInfo.InvariantCulture);

    protected override int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random)
    {
        int[][] byClass = IndicesByClass(labels, classCount);
        int[] present = [.. Enumerable.Range(0, classCount).Where(c => byClass[c].Length > 0)];
        int k = present.Length, perClient = ClassesPerClient;
        if (perClient > k)
            throw new ArgumentException($"{Spec}: asks for {perClient} classes per client, but the data has only {k}");
        if ((long)clientCount * perClient < k)
            throw new ArgumentException(
                $"{Spec}: {clientCount:N0} clients with {perClient} classes each cannot cover all {k} classes; use more clients or classes");

        random.Shuffle(present.AsSpan());
        var held = new List<int>[clientCount];
        for (int client = 0; client < clientCount; client++)
            held[client] = [present[client % k]];
        for (int left = clientCount; left < k; left++)
            held[(left - clientCount) % clientCount].Add(present[left]);
        foreach (List<int> classes in held)
        {
            while (classes.Count < perClient)
            {
                int candidate = present[random.NextInt(k)];
                if (!classes.Contains(candidate))
                    classes.Add(candidate);
            }
        }

        var clients = new List<int>[clientCount];
        for (int client = 0; client < clientCount; client++)
            clients[client] = [];
        for (int c = 0; c < classCount; c++)
        {
            int[] holders = [.. Enumerable.Range(0, clientCount).Where(client => held[client].Contains(c))];
            if (holders.Length == 0)
                continue;
            if (byClass[c].Length < holders.Length)
                throw new ArgumentException(
                    $"{Spec}: class {c} has {byClass[c].Length:N0} samples, fewer than the {holders.Length:N0} clients that hold it; use fewer clients");
            int[] shuffled = (int[])byClass[c].Clone();
            random.Shuffle(shuffled.AsSpan());
            int[][] parts = SplitEvenly(shuffled, holders.Length);
            for (int h = 0; h < holders.Length; h++)
                clients[holders[h]].AddRange(parts[h]);
        }
        return [.. clients.Select(client => client.ToArray())];
    }
}
