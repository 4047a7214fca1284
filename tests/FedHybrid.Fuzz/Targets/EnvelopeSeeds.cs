using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Fuzz.Targets;

/// <summary>Real envelopes sealed to <see cref="FuzzMaterial"/>: every suite, every signature algorithm,
/// empty to two-chunk bodies, several recipients, associated data.</summary>
static class EnvelopeSeeds
{
    public static IEnumerable<(string Name, byte[] Data)> All()
    {
        foreach (var suite in FuzzMaterial.Suites)
        {
            var name = Suite.NameOf(suite);
            foreach (int size in new[] { 0, 1, 100, Cobblestone256.ChunkSize + 1 })
                yield return ($"{name}.ed25519.{size}", Seal(suite, SignatureAlgorithm.Ed25519, size, recipients: 1, aad: []));
            yield return ($"{name}.ed25519.two-recipients", Seal(suite, SignatureAlgorithm.Ed25519, 50, recipients: 2, aad: []));
            yield return ($"{name}.ed25519.aad", Seal(suite, SignatureAlgorithm.Ed25519, 50, recipients: 1, aad: "round=1;stage=fit"u8.ToArray()));
        }
        foreach (var algorithm in FuzzMaterial.SignatureAlgorithms.Where(a => a != SignatureAlgorithm.Ed25519))
            yield return ($"hpke-x25519-aes256gcm.{algorithm}.64", Seal(SuiteId.HpkeX25519Aes256Gcm, algorithm, 64, recipients: 1, aad: []));
    }

    static byte[] Seal(SuiteId suite, SignatureAlgorithm algorithm, int size, int recipients, byte[] aad)
    {
        using var sealer = new EnvelopeSealer(FuzzMaterial.SenderId, FuzzMaterial.Signer(algorithm));
        var key = FuzzMaterial.Identity(suite).Recipient;
        var to = Enumerable.Range(1, recipients - 1).Select(i => new EnvelopeRecipient($"client-{i + 1}", key))
            .Append(new EnvelopeRecipient(FuzzMaterial.RecipientId, key)).ToArray();
        var plaintext = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        return sealer.Seal(FuzzMaterial.RunId, FuzzMaterial.Round, to, plaintext, aad);
    }
}
