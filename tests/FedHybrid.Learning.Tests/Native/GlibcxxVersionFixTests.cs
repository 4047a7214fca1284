using Xunit;
using FedHybrid.Build;

namespace FedHybrid.Learning.Tests.Native;

public class GlibcxxVersionFixTests
{
    static readonly string NuGetCopy = Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    // Expected values from an independent implementation of the SysV ABI's elf_hash (Python);
    // GLIBC_2.2.5 and GLIBCXX_3.4 also appear as vna_hash in any `readelf -V` of a glibc binary.
    [Theory]
    [InlineData("GLIBCXX_3.4.30", 0x0297f840u)]
    [InlineData("GLIBCXX_3.4.32", 0x0297f842u)]
    [InlineData("GLIBCXX_3.4", 0x08922974u)]
    [InlineData("GLIBC_2.2.5", 0x09691a75u)]
    [InlineData("printf", 0x077905a6u)]
    [InlineData("", 0u)]
    public void ElfHashMatchesTheSysVAlgorithm(string name, uint expected) =>
        Assert.Equal(expected, ElfVersionNeeds.ElfHash(name));

    static byte[] ReadNuGetCopy()
    {
        if (!File.Exists(NuGetCopy)) Assert.Skip($"TorchSharp 0.107.0 is not in the NuGet cache at {NuGetCopy}");
        return File.ReadAllBytes(NuGetCopy);
    }

    static int Occurrences(IReadOnlyList<string> names, string name) => names.Count(n => n == name);

    [Fact]
    public void TheNuGetCopyRequiresGlibcxx3432()
    {
        var required = ElfVersionNeeds.RequiredVersions(ReadNuGetCopy(), GlibcxxVersionFix.Library);
        Assert.Equal(1, Occurrences(required, GlibcxxVersionFix.Missing));
        Assert.Equal(1, Occurrences(required, GlibcxxVersionFix.Replacement));
    }

    [Fact]
    public void ARewrittenTempCopyRequires3430TwiceAnd3432Never()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"fedhybrid-elf-{Guid.NewGuid():N}.so");
        try
        {
            File.WriteAllBytes(temp, ReadNuGetCopy());
            Assert.Equal(RewriteOutcome.Rewritten, GlibcxxVersionFix.Apply(temp));
            var required = ElfVersionNeeds.RequiredVersions(File.ReadAllBytes(temp), GlibcxxVersionFix.Library);
            Assert.Equal(0, Occurrences(required, GlibcxxVersionFix.Missing));
            Assert.Equal(2, Occurrences(required, GlibcxxVersionFix.Replacement));
            Assert.Equal(RewriteOutcome.AlreadyDone, GlibcxxVersionFix.Apply(temp));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // The build hard-links copy-local files to the NuGet cache: rewriting one link must leave the
    // cache's file (the other link) as it was.
    [Fact]
    public void RewritingAHardLinkLeavesTheOtherLinkUntouched()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("hard links are made with ln, on Linux");
        byte[] original = ReadNuGetCopy();
        string folder = Directory.CreateTempSubdirectory("fedhybrid-elf-link-").FullName;
        try
        {
            string cache = Path.Combine(folder, "cache.so"), output = Path.Combine(folder, "output.so");
            File.WriteAllBytes(cache, original);
            using (var ln = System.Diagnostics.Process.Start("ln", [cache, output])) ln.WaitForExit();
            Assert.True(File.Exists(output), "ln did not make the link");

            Assert.Equal(RewriteOutcome.Rewritten, GlibcxxVersionFix.Apply(output));
            Assert.Equal(original, File.ReadAllBytes(cache));
            Assert.Equal(0, Occurrences(ElfVersionNeeds.RequiredVersions(File.ReadAllBytes(output), GlibcxxVersionFix.Library), GlibcxxVersionFix.Missing));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OnlyTheEntrysHashAndNameOffsetChange()
    {
        byte[] original = ReadNuGetCopy();
        byte[] rewritten = (byte[])original.Clone();
        Assert.Equal(RewriteOutcome.Rewritten,
            ElfVersionNeeds.Rewrite(rewritten, GlibcxxVersionFix.Library, GlibcxxVersionFix.Missing, GlibcxxVersionFix.Replacement));
        Assert.Equal(original.Length, rewritten.Length);

        // The Vernaux entry (vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32)
        // starts where the original holds the old hash; only vna_hash and vna_name may differ.
        var diffs = Enumerable.Range(0, original.Length).Where(i => original[i] != rewritten[i]).ToList();
        Assert.NotEmpty(diffs);
        byte[] oldHash = BitConverter.GetBytes(ElfVersionNeeds.ElfHash(GlibcxxVersionFix.Missing));
        int entry = diffs[0];
        while (entry > 0 && !original.AsSpan(entry, 4).SequenceEqual(oldHash)) entry--;
        Assert.True(original.AsSpan(entry, 4).SequenceEqual(oldHash), "changed bytes are not in the GLIBCXX_3.4.32 entry");
        Assert.All(diffs, i => Assert.True(i - entry is >= 0 and < 4 or >= 8 and < 12, $"byte {i} outside the entry's hash and name"));
        Assert.Equal(ElfVersionNeeds.ElfHash(GlibcxxVersionFix.Replacement), BitConverter.ToUInt32(rewritten, entry));
        Assert.NotEqual(BitConverter.ToUInt32(original, entry + 8), BitConverter.ToUInt32(rewritten, entry + 8));
    }

    [Fact]
    public void TheBuildOutputCopyIsFixedExactlyWhenTheSystemNeedsIt()
    {
        string? system = GlibcxxVersionFix.FindSystemLibstdcxx();
        if (system is null) Assert.Skip("no system libstdc++ found (not a Linux layout this build step knows)");
        var outputCopy = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.NotEmpty(outputCopy);
        bool systemLacks3432 = !ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(system)).Contains(GlibcxxVersionFix.Missing);
        Assert.Equal(systemLacks3432, GlibcxxVersionFix.IsNeeded(system));
        foreach (var file in outputCopy)
        {
            var required = ElfVersionNeeds.RequiredVersions(File.ReadAllBytes(file), GlibcxxVersionFix.Library);
            Assert.Equal(systemLacks3432, !required.Contains(GlibcxxVersionFix.Missing));
        }
    }

    [Fact]
    public void TheSystemLibstdcxxDefinesTheReplacementNode()
    {
        string? system = GlibcxxVersionFix.FindSystemLibstdcxx();
        if (system is null) Assert.Skip("no system libstdc++ found");
        Assert.Contains(GlibcxxVersionFix.Replacement, ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(system)));
    }

    [Fact]
    public void ANonElfFileIsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ElfVersionNeeds.RequiredVersions("#!/bin/sh\necho not a library\n"u8.ToArray().Concat(new byte[64]).ToArray(), GlibcxxVersionFix.Library));
        Assert.Contains("not an ELF file", error.Message);
    }

    [Fact]
    public void ATruncatedLibraryIsRejected()
    {
        byte[] truncated = ReadNuGetCopy().AsSpan(0, 4096).ToArray();
        var error = Assert.Throws<InvalidDataException>(() =>
            ElfVersionNeeds.RequiredVersions(truncated, GlibcxxVersionFix.Library));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ATooShortFileIsRejected() =>
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.DefinedVersions(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }));

    [Fact]
    public void ALibraryThatDoesNotNeedTheNodeIsLeftAlone()
    {
        // The system libstdc++ requires nothing of itself, so there is nothing to rewrite.
        string? system = GlibcxxVersionFix.FindSystemLibstdcxx();
        if (system is null) Assert.Skip("no system libstdc++ found");
        byte[] bytes = File.ReadAllBytes(system);
        byte[] copy = (byte[])bytes.Clone();
        Assert.Equal(RewriteOutcome.NotRequired,
            ElfVersionNeeds.Rewrite(copy, GlibcxxVersionFix.Library, GlibcxxVersionFix.Missing, GlibcxxVersionFix.Replacement));
        Assert.Equal(bytes, copy);
    }
}
