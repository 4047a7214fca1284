using System.Text;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// The envelope ids seen since the last checkpoint, appended to a file and flushed to disk before an
/// update is accepted, so a coordinator killed mid-round still refuses, after <c>--resume</c>, an
/// envelope it accepted in the interrupted round. The checkpoint carries the ids of completed
/// rounds; the journal is emptied once a checkpoint holds them.
/// </summary>
public sealed class ReplayJournal
{
    public const string FileName = "seen-envelopes.journal";

    public ReplayJournal(string directory)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
    }

    public string Path { get; }

    /// <summary>The ids in the journal; a last line cut short by a crash (no newline) was never
    /// acknowledged, so it is ignored and cut from the file, lest the next append glue an id to it.</summary>
    public IReadOnlyList<string> Load()
    {
        if (!File.Exists(Path))
            return [];
        var text = File.ReadAllText(Path, Encoding.ASCII);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        if (complete.Length != text.Length)
            AtomicFile.WriteAllBytes(Path, Encoding.ASCII.GetBytes(complete));
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Appends <paramref name="envelopeId"/> and flushes it through to the disk.</summary>
    public void Append(string envelopeId)
    {
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.WriteThrough);
        file.Write(Encoding.ASCII.GetBytes(envelopeId + "\n"));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Empties the journal (a new run, or a checkpoint now holds every id).</summary>
    public void Clear() => File.WriteAllBytes(Path, []);
}
