using System.Reflection;
using FedHybrid.Crypto.Hpke;
using Xunit;

namespace FedHybrid.Crypto.Tests.Hpke;

/// <summary>What the API must not offer (a caller-chosen ephemeral key or nonce) and what
/// disposal must do (clear the context's secrets).</summary>
public sealed class HpkeApiSurfaceTests
{
    [Fact]
    public void No_public_member_accepts_ephemeral_randomness_a_nonce_to_seal_with_or_a_sequence_number()
    {
        var publicTypes = typeof(HpkeSuite).Assembly.GetExportedTypes();
        Assert.NotEmpty(publicTypes);
        foreach (var type in publicTypes)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var names = method.GetParameters().Select(p => p.Name!.ToLowerInvariant());
                Assert.DoesNotContain(names, n => n.Contains("ikme") || n.Contains("eseed") || n == "seq");
                // A receiver reads the nonce a message carries; nothing that seals takes one.
                if (!method.Name.StartsWith("Open", StringComparison.Ordinal))
                    Assert.DoesNotContain(names, n => n.Contains("nonce"));
            }
            Assert.DoesNotContain(type.GetProperties(BindingFlags.Public | BindingFlags.Instance),
                p => p.Name is "Sequence" or "NextSequence" && p.SetMethod is { IsPublic: true });
        }
    }

    [Fact]
    public void Hpke_its_kems_the_key_wraps_the_chunk_cipher_and_the_concrete_keys_are_not_public()
    {
        // Callers outside Crypto go through envelopes, Suite, SignatureAlgorithms, KeyFiles and the
        // sealed-inference operations; HPKE's modes and pieces serve the tests (InternalsVisibleTo).
        var publicTypes = typeof(HpkeSuite).Assembly.GetExportedTypes();
        Assert.DoesNotContain(publicTypes, t => t.Namespace is "FedHybrid.Crypto.Hpke" or "FedHybrid.Crypto.Kem" or "FedHybrid.Crypto.Wrap" or "FedHybrid.Crypto.Chunked");
        Assert.DoesNotContain(publicTypes, t => t.Namespace == "FedHybrid.Crypto.Signatures" && t.IsClass && !t.IsAbstract);
        Assert.Contains(typeof(FedHybrid.Crypto.Signatures.SignatureAlgorithms), publicTypes);
    }

    [Fact]
    public void Dispose_zeroes_the_base_nonce_and_exporter_secret()
    {
        var suite = new HpkeSuite(KemId.DhkemX25519HkdfSha256, KdfId.HkdfSha256, AeadId.Aes256Gcm);
        var pair = suite.KemAlgorithm.GenerateKeyPair();
        var (_, context) = suite.SetupBaseS(pair.PublicKey, "info"u8);
        byte[] nonce = Field(context, "_baseNonce"), exporter = Field(context, "_exporterSecret");
        Assert.Contains(nonce, b => b != 0);
        Assert.Contains(exporter, b => b != 0);
        context.Dispose();
        Assert.All(nonce, b => Assert.Equal(0, b));
        Assert.All(exporter, b => Assert.Equal(0, b));
        context.Dispose(); // idempotent
    }

    private static byte[] Field(HpkeContext context, string name) =>
        (byte[])typeof(HpkeContext).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(context)!;
}
