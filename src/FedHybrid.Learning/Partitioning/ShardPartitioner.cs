using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// McMahan et al.'s pathological non-IID split (2017, section 3): sort the samples by label, cut them
/// into clients x K shards of (nearly) equal size, and give each client K shards at random. With shards
/// no larger than a class, a client sees at most 2K classes (usually K).
/// </summary>
public sealed class ShardPartitioner : Partitioner
{
    public ShardPartitioner(int shardsPerClient)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardsPerClient);
        ShardsPerClient = shardsPerClient;
    }

    public int ShardsPerClient { get; }

    public override string Spec => "shards:" + ShardsPerClient.ToString(CultureInfo.InvariantCulture);

    protected override int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random)
    {
        long shardCount = (long)clientCount * ShardsPerClient;
        if (shardCount > labels.Length)
            throw new ArgumentException(
                $"{Spec}: {clientCount:N0} clients x {ShardsPerClient} shards = {shardCount:N0} shards, more than the {labels.Length:N0} samples");

        // Sorted by label, ties by index (a stable sort), so the shards do not depend on the sort algorithm.
        int[] sorted = [.. IndicesByClass(labels, classCount).SelectMany(indices => indices)];
        int[][] shards = SplitEvenly(sorted, (int)shardCount);
        int[] shardOrder = new int[shards.Length];
        for (int i = 0; i < shardOrder.Length; i++)
            shardOrder[i] = i;
        random.Shuffle(shardOrder.AsSpan());

        var clients = new int[clientCount][];
        for (int client = 0; client < clientCount; client++)
            clients[client] = [.. shardOrder.AsSpan(client * ShardsPerClient, ShardsPerClient).ToArray().SelectMany(shard => shards[shard])];
        return clients;
    }
}
