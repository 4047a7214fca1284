using System.Text.Json;

namespace FedHybrid.Crypto.Tests.Chunked;

/// <summary>Loads a Wycheproof vector file copied under Vectors/wycheproof (sources: Vectors/README.md).</summary>
internal static class WycheproofJson
{
    public static JsonElement Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "wycheproof", fileName);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    /// <summary>(group, test) pairs of every test in the file.</summary>
    public static IEnumerable<(JsonElement Group, JsonElement Test)> Tests(string fileName)
    {
        foreach (var group in Load(fileName).GetProperty("testGroups").EnumerateArray())
            foreach (var test in group.GetProperty("tests").EnumerateArray())
                yield return (group, test);
    }

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static bool HasFlag(this JsonElement test, string flag) =>
        test.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == flag);

    public static string Describe(this JsonElement test) => $"tcId {test.GetProperty("tcId").GetInt32()}: {test.GetProperty("comment").GetString()}";
}
