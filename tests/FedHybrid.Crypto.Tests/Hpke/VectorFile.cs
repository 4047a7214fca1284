using System.Text.Json;

namespace FedHybrid.Crypto.Tests.Hpke;

/// <summary>Reads the test-vector data files copied next to the test assembly.</summary>
internal static class VectorFile
{
    public static JsonElement Load(params string[] relativePath)
    {
        string path = Path.Combine([AppContext.BaseDirectory, "Vectors", .. relativePath]);
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    /// <summary>Every test of a Wycheproof file, with its group.</summary>
    public static IEnumerable<(JsonElement Group, JsonElement Test)> WycheproofTests(string file)
    {
        var root = Load("wycheproof", file);
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
            foreach (var test in group.GetProperty("tests").EnumerateArray())
                yield return (group, test);
    }

    public static byte[] Hex(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Convert.FromHexString(value.GetString()!) : [];

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();
}
