namespace FedHybrid.Deployment;

/// <summary>Where provisioning put each kit, and the CA's fingerprint for out-of-band checks. With hosts, each
/// client kit lies inside its host kit, and <see cref="HostKits"/> lists those; otherwise it is empty.</summary>
public sealed record ProvisionResult(string CoordinatorKit, IReadOnlyList<string> ClientKits, string CaSha256, DateTimeOffset NotAfterUtc)
{
    public IReadOnlyList<string> HostKits { get; init; } = [];
}
