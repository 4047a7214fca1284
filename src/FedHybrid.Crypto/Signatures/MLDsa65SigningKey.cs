using FedHybrid.Crypto.Keys;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace FedHybrid.Crypto.Signatures;

/// <summary>ML-DSA-65 (FIPS 204) private key, BouncyCastle's implementation, hedged (randomized) signing.</summary>
internal sealed class MLDsa65SigningKey : ISigningKey
{
    readonly MLDsaPrivateKeyParameters _key;

    MLDsa65SigningKey(MLDsaPrivateKeyParameters key)
    {
        _key = key;
        VerificationKey = new MLDsa65VerificationKey(key.GetPublicKey());
    }

    public static MLDsa65SigningKey Generate()
    {
        var generator = new MLDsaKeyPairGenerator();
        generator.Init(new MLDsaKeyGenerationParameters(new SecureRandom(), MLDsaParameters.ml_dsa_65));
        return new MLDsa65SigningKey((MLDsaPrivateKeyParameters)generator.GenerateKeyPair().Private);
    }

    public static MLDsa65SigningKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> der)
    {
        var oid = Asn1Keys.Pkcs8Oid(der);
        if (oid != Asn1Keys.MLDsa65Oid) throw new InvalidKeyException($"Expected an ML-DSA-65 private key (OID {Asn1Keys.MLDsa65Oid}), found OID {oid}.");
        try
        {
            return new MLDsa65SigningKey((MLDsaPrivateKeyParameters)PrivateKeyFactory.CreateKey(der.ToArray()));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or SecurityUtilityException or IOException)
        {
            throw new InvalidKeyException($"Not an ML-DSA-65 private key: {e.Message}", e);
        }
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.MLDsa65;
    public IVerificationKey VerificationKey { get; }
    /// <summary>FIPS 204 Table 2: ML-DSA-65 signatures are 3309 bytes.</summary>
    public int SignatureSize => 3309;

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new MLDsaSigner(MLDsaParameters.ml_dsa_65, deterministic: false);
        signer.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(_key, new SecureRandom()));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    public byte[] ExportPkcs8PrivateKey() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(_key).GetEncoded();

    /// <summary>BouncyCastle keeps the key in managed arrays it does not expose for zeroing.</summary>
    public void Dispose() { }
}
