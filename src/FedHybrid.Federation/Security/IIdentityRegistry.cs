namespace FedHybrid.Federation.Security;

/// <summary>Which client identities the coordinator was provisioned with. Only these may join, and
/// only with exactly these public keys. A lab kit or a simulation fills it.</summary>
public interface IIdentityRegistry
{
    /// <summary>Every provisioned client id, sorted (ordinal).</summary>
    IReadOnlyList<string> ClientIds { get; }

    /// <summary>The provisioned identity with this id, or null.</summary>
    PublicIdentity? Find(string clientId);
}
