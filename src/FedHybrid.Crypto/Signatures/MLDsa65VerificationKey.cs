using FedHybrid.Crypto.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FedHybrid.Crypto.Signatures;

/// <summary>ML-DSA-65 (FIPS 204) public key, BouncyCastle's implementation; pure ML-DSA with empty context.</summary>
internal sealed class MLDsa65VerificationKey : IVerificationKey
{
    readonly MLDsaPublicKeyParameters _key;

    internal MLDsa65VerificationKey(MLDsaPublicKeyParameters key) => _key = key;

    public static MLDsa65VerificationKey ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        var (oid, _) = Asn1Keys.ReadSpki(der);
        if (oid != Asn1Keys.MLDsa65Oid) throw new InvalidKeyException($"Expected an ML-DSA-65 public key (OID {Asn1Keys.MLDsa65Oid}), found OID {oid}.");
        try
        {
            return new MLDsa65VerificationKey((MLDsaPublicKeyParameters)PublicKeyFactory.CreateKey(der.ToArray()));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or SecurityUtilityException or IOException)
        {
            throw new InvalidKeyException($"Not an ML-DSA-65 public key: {e.Message}", e);
        }
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.MLDsa65;

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var verifier = new MLDsaSigner(MLDsaParameters.ml_dsa_65, deterministic: false);
        verifier.Init(false, _key);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }

    public byte[] ExportSubjectPublicKeyInfo() => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(_key).GetEncoded();
}
