using System.Security.Cryptography;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Deployment;

/// <summary>Turns a kit's PEM key pairs into crypto-layer keys, zeroing the DER on the way.</summary>
internal static class KitKeys
{
    public static IIdentity OpenEnvelopeIdentity(SuiteId suite, PemKeyPair pair)
    {
        var pkcs8 = LabKeys.Pkcs8Of(pair);
        try { return Suite.ImportIdentity(suite, pkcs8); }
        finally { CryptographicOperations.ZeroMemory(pkcs8); }
    }

    public static ISigningKey OpenSigningKey(PemKeyPair pair)
    {
        var pkcs8 = LabKeys.Pkcs8Of(pair);
        try { return SignatureAlgorithms.ImportSigningKey(pkcs8); }
        finally { CryptographicOperations.ZeroMemory(pkcs8); }
    }
}
