namespace FedHybrid.Learning.Partitioning;

/// <summary>IID: the samples are shuffled and dealt into equal parts (sizes differ by at most one).</summary>
public sealed class IidPartitioner : Partitioner
{
    public override string Spec => "iid";

    protected override int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random)
    {
        int[] order = new int[labels.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        random.Shuffle(order.AsSpan());
        return SplitEvenly(order, clientCount);
    }
}
