namespace FedHybrid.Deployment;

/// <summary>A kit folder is incomplete or one of its files is invalid. <see cref="FilePath"/>
/// names the file so that an operator knows what to re-copy or re-provision.</summary>
public sealed class KitLoadException : Exception
{
    public KitLoadException(string filePath, string message, Exception? inner = null)
        : base($"{filePath}: {message}", inner)
    {
        FilePath = filePath;
    }

    public string FilePath { get; }
}
