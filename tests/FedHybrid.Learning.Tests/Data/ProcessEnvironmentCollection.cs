using Xunit;

namespace FedHybrid.Learning.Tests.Data;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    /// <summary>Tests that change the process's environment run alone, so no other test sees the change.</summary>
    public const string Name = "process environment";
}
