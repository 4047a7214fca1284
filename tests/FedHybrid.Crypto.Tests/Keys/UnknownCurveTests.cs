using System.Security.Cryptography;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Keys;

/// <summary>Found by fuzzing (target key-file): an EC key whose named-curve OID is not one the platform knows
/// made .NET throw <see cref="PlatformNotSupportedException"/> out of every EC importer, past the typed
/// rejection, e.g. from a joining client's signing key. It must be an <see cref="InvalidKeyException"/>.</summary>
public sealed class UnknownCurveTests
{
    /// <summary>DER of the prime256v1 OID (1.2.840.10045.3.1.7), and the same with its last arc changed to 8, a curve no platform has.</summary>
    static readonly byte[] P256Oid = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    static readonly byte[] UnknownOid = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x08];

    static byte[] OnUnknownCurve(byte[] der)
    {
        var changed = der.ToArray();
        int at, replaced = 0;
        while ((at = changed.AsSpan().IndexOf(P256Oid)) >= 0)
        {
            UnknownOid.CopyTo(changed, at);
            replaced++;
        }
        Assert.True(replaced > 0);
        return changed;
    }

    static string Pem(string label, byte[] der) => PemEncoding.WriteString(label, der);

    [Fact]
    public void AnEcdsaPublicKeyOnAnUnknownCurveIsAnInvalidKey()
    {
        using var key = EcdsaP256SigningKey.Generate();
        var der = OnUnknownCurve(key.VerificationKey.ExportSubjectPublicKeyInfo());
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportVerificationKey(der));
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportVerificationKey(Pem("PUBLIC KEY", der)));
    }

    [Fact]
    public void AnEcdsaPrivateKeyOnAnUnknownCurveIsAnInvalidKey()
    {
        using var key = EcdsaP256SigningKey.Generate();
        var der = OnUnknownCurve(key.ExportPkcs8PrivateKey());
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportSigningKey(Pem("PRIVATE KEY", der)));
    }

    [Fact]
    public void AP256EnvelopeKeyOnAnUnknownCurveIsAnInvalidKey()
    {
        using var identity = Suite.GenerateIdentity(SuiteId.HpkeP256Aes256Gcm);
        var spki = OnUnknownCurve(identity.Recipient.ExportSubjectPublicKeyInfo());
        var pkcs8 = OnUnknownCurve(identity.ExportPkcs8PrivateKey());
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportRecipient(spki));
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportRecipient(Pem("PUBLIC KEY", spki)));
        Assert.Throws<InvalidKeyException>(() => KeyFiles.ImportIdentity(Pem("PRIVATE KEY", pkcs8)));
        Assert.Throws<InvalidKeyException>(() => Crypto.Wrap.HpkeRecipient.ImportSubjectPublicKeyInfo(SuiteId.HpkeP256Aes256Gcm, spki));
    }
}
