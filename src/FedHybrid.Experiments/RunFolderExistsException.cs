namespace FedHybrid.Experiments;

/// <summary>A new run was asked for under a name whose folder already holds a run; nothing was
/// changed. <see cref="Contents"/> says what the folder holds.</summary>
public sealed class RunFolderExistsException : Exception
{
    public RunFolderExistsException(string root, string contents)
        : base($"{root} already holds {contents}; give --resume to continue it, --overwrite to replace it, or another --name")
    {
        Root = root;
        Contents = contents;
    }

    public string Root { get; }

    public string Contents { get; }
}
