using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;
using FedHybrid.Federation.Lab;
using Org.BouncyCastle.Crypto.Parameters;
using PrivateKeyFactory = Org.BouncyCastle.Security.PrivateKeyFactory;

namespace FedHybrid.Federation.Inference;

/// <summary>The raw X25519 keys sealed inference uses, taken from a lab kit's envelope keys (the
/// server holds the coordinator kit; users hold client kits, which carry the coordinator's public key).</summary>
public static class InferenceKeys
{
    /// <summary>The raw private key of an <c>hpke-x25519-aes256gcm</c> kit; the caller zeroes it.</summary>
    public static byte[] ServerPrivateKey(CoordinatorKit kit)
    {
        RequireX25519(kit.Suite);
        var pkcs8 = LabKeys.Pkcs8Of(kit.EnvelopeKey);
        try
        {
            return PrivateKeyFactory.CreateKey(pkcs8) is X25519PrivateKeyParameters x
                ? x.GetEncoded()
                : throw new InvalidKeyException("the coordinator kit's envelope key is not an X25519 key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The server's raw public key, from a client kit's copy of the coordinator's envelope key.</summary>
    public static byte[] ServerPublicKey(ClientKit kit)
    {
        RequireX25519(kit.Suite);
        return HpkeRecipient.ImportSubjectPublicKeyInfo(SuiteId.HpkeX25519Aes256Gcm, kit.CoordinatorEnvelopePublicKey).PublicKey.ToArray();
    }

    static void RequireX25519(SuiteId suite)
    {
        if (suite != SuiteId.HpkeX25519Aes256Gcm)
            throw new InvalidKeyException($"sealed inference uses HPKE with X25519; this kit was provisioned for {Suite.NameOf(suite)} (provision with --suite hpke-x25519-aes256gcm)");
    }
}
