namespace FedHybrid.Deployment;

/// <summary>Where provisioning put each kit, and the CA's fingerprint for out-of-band checks.</summary>
public sealed record ProvisionResult(string CoordinatorKit, IReadOnlyList<string> ClientKits, string CaSha256, DateTimeOffset NotAfterUtc);
