namespace FedHybrid.IntegrationTests;

/// <summary>The test classes that compare against the one baseline run share it (it runs once) and
/// run one after another, which two cores need anyway.</summary>
[CollectionDefinition(Name)]
public sealed class BaselineCollection : ICollectionFixture<BaselineRunFixture>
{
    public const string Name = "baseline run";
}
