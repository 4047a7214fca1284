namespace FedHybrid.Deployment;

/// <summary>kit.json: what the folder is for. <paramref name="Id"/> is the client id for a client
/// kit and "coordinator" for the coordinator's.</summary>
public sealed record KitManifest(int Version, KitKind Kind, string Id, string Suite, DateTimeOffset CreatedUtc, DateTimeOffset NotAfterUtc)
{
    public const int CurrentVersion = 1;
}
