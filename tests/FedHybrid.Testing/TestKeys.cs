using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Security;

namespace FedHybrid.Testing;

/// <summary>Real keys and envelopes (X25519 HPKE and Ed25519 unless asked) for a coordinator and a few clients.</summary>
public sealed class TestKeys : IDisposable
{
    readonly List<IDisposable> _owned = [];

    /// <param name="keyFiles">When given, each participant's keys are written there as key files and
    /// read back, as a process started from provisioned or `keys generate` files gets them.</param>
    public TestKeys(int clients, SuiteId suite = SuiteId.HpkeX25519Aes256Gcm, SignatureAlgorithm signature = SignatureAlgorithms.Default, string? keyFiles = null)
    {
        CoordinatorKeys = Own(Make("coordinator", suite, signature, keyFiles));
        Coordinator = Own(new CoordinatorCrypto(CoordinatorKeys, RekeyPolicy.Message, 1));
        for (int i = 1; i <= clients; i++)
        {
            var keys = Own(Make($"client-{i}", suite, signature, keyFiles));
            Clients.Add(Own(new ClientCrypto(keys, RekeyPolicy.Message, 1)));
        }
        Registry = new IdentityRegistry(Clients.Select(c => c.Identity));
    }

    static ParticipantKeys Make(string id, SuiteId suite, SignatureAlgorithm signature, string? keyFiles)
    {
        var keys = ParticipantKeys.Generate(id, suite, signature);
        if (keyFiles is null)
            return keys;
        using (keys)
            keys.Save(keyFiles);
        return ParticipantKeys.Load(keyFiles, id, suite);
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
