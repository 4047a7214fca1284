namespace FedHybrid.Federation.Security;

/// <summary>An in-memory <see cref="IIdentityRegistry"/> over a fixed list of identities.</summary>
public sealed class IdentityRegistry : IIdentityRegistry
{
    readonly Dictionary<string, PublicIdentity> _byId;

    public IdentityRegistry(IEnumerable<PublicIdentity> identities)
    {
        _byId = new Dictionary<string, PublicIdentity>(StringComparer.Ordinal);
        foreach (var identity in identities)
            if (!_byId.TryAdd(identity.Id, identity))
                throw new ArgumentException($"client id '{identity.Id}' is provisioned twice", nameof(identities));
        ClientIds = _byId.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<string> ClientIds { get; }

    public PublicIdentity? Find(string clientId) => _byId.GetValueOrDefault(clientId);
}
