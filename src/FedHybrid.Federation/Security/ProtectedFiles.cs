namespace FedHybrid.Federation.Security;

/// <summary>
/// Key and kit files with exact permissions whatever the umask: private files 0600, public files
/// 0644, folders 0700. A create mode is masked by the umask, so the mode is also set on the open
/// handle before any byte is written (a private key is never readable by others, not even briefly).
/// Windows has no such modes and keeps its defaults.
/// </summary>
public static class ProtectedFiles
{
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PublicFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Writes <paramref name="text"/> with mode 0600; <paramref name="mode"/> CreateNew refuses an existing file.</summary>
    public static void WritePrivate(string path, string text, FileMode mode = FileMode.Create) => Write(path, text, PrivateFile, mode);

    /// <summary>Writes <paramref name="text"/> with mode 0644.</summary>
    public static void WritePublic(string path, string text, FileMode mode = FileMode.Create) => Write(path, text, PublicFile, mode);

    /// <summary>Creates <paramref name="path"/> (and missing parents) and gives it mode 0700 if this
    /// call created it; a folder that already existed keeps its mode (it may be the caller's own).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
            return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, PrivateDirectory);
        File.SetUnixFileMode(path, PrivateDirectory);
    }

    static void Write(string path, string text, UnixFileMode unixMode, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = unixMode;
        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(stream.SafeFileHandle, unixMode);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
