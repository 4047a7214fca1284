namespace FedHybrid.Testing;

/// <summary>The repository's experiments/configs folder, found by walking up from the test binaries, so that tests
/// check the configs the project ships rather than copies.</summary>
public static class ShippedConfigs
{
    public static string Folder
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (!Directory.Exists(Path.Combine(root, "experiments", "configs")))
                root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("experiments/configs above " + AppContext.BaseDirectory);
            return Path.Combine(root, "experiments", "configs");
        }
    }

    /// <summary>A path under experiments/configs, e.g. <c>Path("attacks", "poisoning.json")</c>.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);
}
