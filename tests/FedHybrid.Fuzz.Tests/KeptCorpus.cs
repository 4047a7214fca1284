namespace FedHybrid.Fuzz.Tests;

/// <summary>The inputs kept in the repository: Corpus/TARGET/* (minimized by afl-cmin, each must end in
/// success or a typed rejection) and Defects/TARGET/* (inputs of defects found but not fixed yet).</summary>
static class KeptCorpus
{
    public static string Root(string kind) => Path.Combine(AppContext.BaseDirectory, kind);

    public static IEnumerable<(string Target, string File)> Files(string kind)
    {
        var root = Root(kind);
        if (!Directory.Exists(root)) yield break;
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
                yield return (Path.GetFileName(directory), Path.GetFileName(file));
    }

    public static byte[] Read(string kind, string target, string file) => File.ReadAllBytes(Path.Combine(Root(kind), target, file));

    /// <summary>Runs one input on a worker with a generous hang guard (not a performance limit): a parser
    /// that loops forever fails the test instead of stalling CI.</summary>
    public static async Task<FuzzOutcome> ReplayAsync(string target, byte[] input) =>
        await Task.Run(() => FuzzTargets.Execute(FuzzTargets.Find(target), input)).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
}
