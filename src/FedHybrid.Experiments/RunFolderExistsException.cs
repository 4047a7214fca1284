namespace FedHybrid.Experiments;

/// <summary>A new run was asked for under a name whose folder already holds a run; nothing was
/// changed. <see cref="Contents"/> says what the folder holds.</summary>
public sealed class RunFolderExistsException : Exception
{
    public RunFolderExistsException(string root, string contents)
        : this(root, contents, "give --resume to continue it, --overwrite to replace it, or another --name")
    {
    }

    /// <param name="remedy">What the command that refused can be told to do instead (its own options).</param>
    public RunFolderExistsException(string root, string contents, string remedy)
        : base($"{root} already holds {contents}; {remedy}")
    {
        Root = root;
        Contents = contents;
    }

    public string Root { get; }

    public string Contents { get; }
}
