// Build step for TorchSharp-cpu 0.107.0 on Debian 12 (GCC 12's libstdc++).
//
// libLibTorchSharp.so asks libstdc++ for the version node GLIBCXX_3.4.32 (GCC 13) for one symbol,
// std::ios_base_library_init(), which GCC 13's <iostream> references but which is never called.
// Where the system libstdc++ lacks that node the loader refuses the whole library
// (DllNotFoundException). This step rewrites that one version requirement (.gnu.version_r) of the
// copy in the build output to GLIBCXX_3.4.30, a node the library already requires, so the name is
// in its string table: only the entry's hash and name offset change. Systems whose libstdc++
// defines the node (GCC 13+: Ubuntu 24.04, Debian 13) are left untouched, and so is the NuGet cache.
//
// The file is compiled twice: by MSBuild as an inline task (build/TorchSharp.Native.targets) and
// by the unit tests, which define FEDHYBRID_ELF_TESTS and so see only the pure ELF logic.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FedHybrid.Build
{
    /// <summary>What <see cref="ElfVersionNeeds.Rewrite"/> did to a file.</summary>
    public enum RewriteOutcome { Rewritten, AlreadyDone, NotRequired }

    /// <summary>Reads and rewrites ELF64 little-endian symbol-version sections.</summary>
    public static class ElfVersionNeeds
    {
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>The SysV ELF hash that version entries carry.</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte c in Encoding.ASCII.GetBytes(name))
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        /// <summary>The version nodes a shared library defines (.gnu.version_d).</summary>
        public static IReadOnlyList<string> DefinedVersions(byte[] elf)
        {
            var names = new List<string>();
            foreach (var (offset, size, strtab) in Sections(elf, ShtGnuVerdef))
            {
                long p = offset;
                while (p < offset + size)
                {
                    ushort count = U16(elf, p + 6);
                    uint aux = U32(elf, p + 12), next = U32(elf, p + 16);
                    long a = p + aux;
                    for (int i = 0; i < count; i++)
                    {
                        names.Add(CString(elf, strtab + U32(elf, a)));
                        uint anext = U32(elf, a + 4);
                        if (anext == 0) break;
                        a += anext;
                    }
                    if (next == 0) break;
                    p += next;
                }
            }
            return names;
        }

        /// <summary>The versions a file requires of <paramref name="library"/> (.gnu.version_r).</summary>
        public static IReadOnlyList<string> RequiredVersions(byte[] elf, string library)
        {
            var names = new List<string>();
            foreach (var aux in NeedAux(elf, library)) names.Add(aux.Name);
            return names;
        }

        /// <summary>
        /// Points the requirement of <paramref name="from"/> on <paramref name="library"/> at the
        /// name <paramref name="to"/>, which must already be in the section's string table.
        /// </summary>
        public static RewriteOutcome Rewrite(byte[] elf, string library, string from, string to)
        {
            var needs = NeedAux(elf, library);
            var source = needs.Find(n => n.Name == from);
            var target = needs.Find(n => n.Name == to);
            if (source is null)
                return target is not null && needs.FindAll(n => n.Name == to).Count > 1
                    ? RewriteOutcome.AlreadyDone : RewriteOutcome.NotRequired;
            if (target is null)
                throw new InvalidDataException(
                    $"cannot rewrite {from} to {to}: {to} is not already required of {library}, so its name is not in the string table");
            W32(elf, source.Offset, ElfHash(to));
            W32(elf, source.Offset + 8, target.NameOffset);
            return RewriteOutcome.Rewritten;
        }

        sealed class Aux
        {
            public Aux(long offset, uint nameOffset, string name) { Offset = offset; NameOffset = nameOffset; Name = name; }
            public long Offset { get; }
            public uint NameOffset { get; }
            public string Name { get; }
        }

        static List<Aux> NeedAux(byte[] elf, string library)
        {
            var result = new List<Aux>();
            foreach (var (offset, size, strtab) in Sections(elf, ShtGnuVerneed))
            {
                long p = offset;
                while (p < offset + size)
                {
                    ushort count = U16(elf, p + 2);
                    uint file = U32(elf, p + 4), aux = U32(elf, p + 8), next = U32(elf, p + 12);
                    if (CString(elf, strtab + file) == library)
                    {
                        long a = p + aux;
                        for (int i = 0; i < count; i++)
                        {
                            uint name = U32(elf, a + 8);
                            result.Add(new Aux(a, name, CString(elf, strtab + name)));
                            uint anext = U32(elf, a + 12);
                            if (anext == 0) break;
                            a += anext;
                        }
                    }
                    if (next == 0) break;
                    p += next;
                }
            }
            return result;
        }

        // (file offset, size, file offset of the linked string table) of each section of a type.
        static IEnumerable<(long Offset, long Size, long StrTab)> Sections(byte[] elf, uint type)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
            long shoff = (long)U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3a), shnum = U16(elf, 0x3c);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > elf.Length)
                throw new InvalidDataException("ELF section header table is missing or truncated");
            var found = new List<(long, long, long)>();
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                if (U32(elf, h + 4) != type) continue;
                uint link = U32(elf, h + 40);
                if (link >= shnum) throw new InvalidDataException("ELF version section links to no string table");
                long strtab = (long)U64(elf, shoff + (long)link * shentsize + 24);
                found.Add(((long)U64(elf, h + 24), (long)U64(elf, h + 32), strtab));
            }
            return found;
        }

        static ushort U16(byte[] b, long p) => Check(b, p, 2) ? (ushort)(b[p] | b[p + 1] << 8) : (ushort)0;
        static uint U32(byte[] b, long p) => Check(b, p, 4) ? (uint)(b[p] | b[p + 1] << 8 | b[p + 2] << 16 | b[p + 3] << 24) : 0;
        static ulong U64(byte[] b, long p) => U32(b, p) | (ulong)U32(b, p + 4) << 32;
        static void W32(byte[] b, long p, uint v)
        {
            Check(b, p, 4);
            for (int i = 0; i < 4; i++) b[p + i] = (byte)(v >> (8 * i));
        }
        static bool Check(byte[] b, long p, int n)
        {
            if (p < 0 || p + n > b.Length) throw new InvalidDataException("ELF structure points past the end of the file");
            return true;
        }
        static string CString(byte[] b, long p)
        {
            long end = p;
            while (Check(b, end, 1) && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)p, (int)(end - p));
        }
    }

    /// <summary>Decides for one system whether its libstdc++ needs the fix, and applies it to a file.</summary>
    public static class GlibcxxVersionFix
    {
        public const string Library = "libstdc++.so.6";
        public const string Missing = "GLIBCXX_3.4.32";
        public const string Replacement = "GLIBCXX_3.4.30";

        static readonly string[] SystemCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };

        /// <summary>The system libstdc++, or null where none is found (not Linux, or an unusual layout).</summary>
        public static string? FindSystemLibstdcxx()
        {
            foreach (var path in SystemCandidates)
                if (File.Exists(path)) return path;
            return null;
        }

        /// <summary>True when <paramref name="libstdcxx"/> lacks the version node the library asks for.</summary>
        public static bool IsNeeded(string libstdcxx) =>
            !new List<string>(ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(libstdcxx))).Contains(Missing);

        /// <summary>Rewrites the requirement, writing a temporary file and renaming it over the original:
        /// the build output hard-links copy-local files to the NuGet cache (Directory.Build.props),
        /// and a rename replaces only this link, where writing into the file would change the cache.</summary>
        public static RewriteOutcome Apply(string path)
        {
            byte[] elf = File.ReadAllBytes(path);
            var outcome = ElfVersionNeeds.Rewrite(elf, Library, Missing, Replacement);
            if (outcome != RewriteOutcome.Rewritten) return outcome;
            string temp = path + ".fedhybrid-tmp";
            File.WriteAllBytes(temp, elf);
            File.Replace(temp, path, destinationBackupFileName: null);
            return outcome;
        }
    }

#if !FEDHYBRID_ELF_TESTS
    /// <summary>MSBuild task: fixes every libLibTorchSharp.so below a folder when the system needs it.</summary>
    public class FixTorchSharpGlibcxx : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            var files = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
            if (files.Length == 0) return true;
            string? system = GlibcxxVersionFix.FindSystemLibstdcxx();
            if (system is null || !GlibcxxVersionFix.IsNeeded(system)) return true;
            foreach (var file in files)
            {
                try
                {
                    var outcome = GlibcxxVersionFix.Apply(file);
                    if (outcome == RewriteOutcome.Rewritten)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"FedHybrid: {system} lacks {GlibcxxVersionFix.Missing}; rewrote that requirement of {file} to {GlibcxxVersionFix.Replacement}");
                }
                catch (Exception e)
                {
                    Log.LogError($"FedHybrid: could not fix {file}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
