using System.Globalization;

namespace FedHybrid.Federation.Client;

/// <summary>A client's shard as a text file: one training-set index per line.</summary>
public static class PartitionFile
{
    public static void Write(string path, IReadOnlyList<int> indices) =>
        Coordinator.AtomicFile.WriteAllText(path, string.Join('\n', indices.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "\n");

    public static int[] Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var indices = new List<int>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            if (!int.TryParse(lines[i], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new InvalidDataException($"{path}:{i + 1}: '{lines[i]}' is not a non-negative index");
            indices.Add(index);
        }
        return indices.ToArray();
    }
}
