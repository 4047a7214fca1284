namespace FedHybrid.Learning.Data;

/// <summary>A data directory that was asked for (or the bundled subset) lacks the files a dataset needs.</summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    public DatasetNotFoundException(string directory, IReadOnlyList<string> missingFiles, string message)
        : base(message, missingFiles.Count > 0 ? Path.Combine(directory, missingFiles[0]) : directory)
    {
        Directory = directory;
        MissingFiles = missingFiles;
    }

    /// <summary>The directory that was searched.</summary>
    public string Directory { get; }

    /// <summary>The file names that were not found there (each accepted with or without ".gz").</summary>
    public IReadOnlyList<string> MissingFiles { get; }
}
