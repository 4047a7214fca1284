using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace FedHybrid.Architecture.Tests;

/// <summary>The full names of the types an assembly refers to in other assemblies (its TypeRef table:
/// every type it constructs, calls, derives from or names in a signature), read with
/// System.Reflection.Metadata without loading the assembly.</summary>
static class ReferencedTypes
{
    public static IReadOnlySet<string> Of(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
            names.Add(FullName(reader, reader.GetTypeReference(handle)));
        return names;
    }

    /// <summary>The FedHybrid assemblies <paramref name="assemblyPath"/> references.</summary>
    public static IReadOnlyList<string> AssemblyReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))
            .Where(n => n.StartsWith("FedHybrid.", StringComparison.Ordinal)).ToArray();
    }

    static string FullName(MetadataReader reader, TypeReference type)
    {
        // A nested type's scope is its enclosing type: System.Foo+Bar is named after System.Foo.
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            return FullName(reader, reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope)) + "+" + reader.GetString(type.Name);
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? reader.GetString(type.Name) : ns + "." + reader.GetString(type.Name);
    }
}
