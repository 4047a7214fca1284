namespace FedHybrid.Learning.Data;

/// <summary>A dataset file exists but its content is wrong: bad magic number, unexpected dimensions,
/// truncated payload, corrupt gzip, labels out of range, or images and labels that disagree. An
/// <see cref="IOException"/>, as <see cref="DatasetNotFoundException"/> is, so a caller can catch both.</summary>
public sealed class InvalidDatasetException : IOException
{
    public InvalidDatasetException(string filePath, string problem, Exception? innerException = null)
        : base($"'{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file whose content is wrong.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
