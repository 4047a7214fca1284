using System.Globalization;
using System.Text;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// How a dataset is split among clients: for each client the indices of its samples (ascending; the
/// training loop shuffles) and how many samples of each class it holds.
/// </summary>
/// <param name="Spec">The partitioner that made it, as <see cref="Partitioner.Parse"/> reads it.</param>
/// <param name="Seed">The seed it was made with.</param>
/// <param name="ClientIndices">[client] -> indices into the dataset; disjoint, together covering every sample.</param>
/// <param name="ClassHistogram">[client][class] -> number of samples.</param>
public sealed record DataPartition(string Spec, ulong Seed, int[][] ClientIndices, int[][] ClassHistogram)
{
    public int ClientCount => ClientIndices.Length;

    public int ClassCount => ClassHistogram.Length == 0 ? 0 : ClassHistogram[0].Length;

    /// <summary>The histogram as CSV: a header <c>client,class0,...,classN,total</c>, then one row a client.</summary>
    public string ToHistogramCsv()
    {
        var csv = new StringBuilder("client");
        for (int c = 0; c < ClassCount; c++)
            csv.Append(CultureInfo.InvariantCulture, $",class{c}");
        csv.Append(",total\n");
        for (int client = 0; client < ClientCount; client++)
        {
            csv.Append(client.ToString(CultureInfo.InvariantCulture));
            foreach (int count in ClassHistogram[client])
                csv.Append(CultureInfo.InvariantCulture, $",{count}");
            csv.Append(CultureInfo.InvariantCulture, $",{ClientIndices[client].Length}\n");
        }
        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToHistogramCsv"/> to <paramref name="path"/> (UTF-8, no BOM).</summary>
    public Task WriteHistogramCsvAsync(string path, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, ToHistogramCsv(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
}
