using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Security;

namespace FedHybrid.Testing;

/// <summary>Real keys and envelopes (X25519 HPKE, Ed25519) for a coordinator and a few clients.</summary>
public sealed class TestKeys : IDisposable
{
    readonly List<IDisposable> _owned = [];

    public TestKeys(int clients, SuiteId suite = SuiteId.HpkeX25519Aes256Gcm)
    {
        CoordinatorKeys = Own(ParticipantKeys.Generate("coordinator", suite));
        Coordinator = Own(new CoordinatorCrypto(CoordinatorKeys, RekeyPolicy.Message, 1));
        for (int i = 1; i <= clients; i++)
        {
            var keys = Own(ParticipantKeys.Generate($"client-{i}", suite));
            Clients.Add(Own(new ClientCrypto(keys, RekeyPolicy.Message, 1)));
        }
        Registry = new IdentityRegistry(Clients.Select(c => c.Identity));
    }

    public ParticipantKeys CoordinatorKeys { get; }
    public CoordinatorCrypto Coordinator { get; }
    public List<ClientCrypto> Clients { get; } = [];
    public IdentityRegistry Registry { get; }

    T Own<T>(T value) where T : IDisposable
    {
        _owned.Add(value);
        return value;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
            d.Dispose();
    }
}
