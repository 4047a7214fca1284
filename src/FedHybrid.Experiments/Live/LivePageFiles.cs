using System.Reflection;

namespace FedHybrid.Experiments.Live;

/// <summary>The live page's files (live.html, live.js, live.css), embedded in this assembly so that the
/// page needs nothing from outside the process.</summary>
static class LivePageFiles
{
    public static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{typeof(LivePageFiles).Namespace}.{name}")
            ?? throw new InvalidOperationException($"the live page's {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
