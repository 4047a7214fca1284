using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace FedHybrid.Crypto.Keys;

/// <summary>DER of the two standard key containers for algorithms identified by an OID with absent
/// parameters (RFC 8410 style: Ed25519, X25519, X-Wing): PKCS#8 PrivateKeyInfo (RFC 5208) and
/// X.509 SubjectPublicKeyInfo (RFC 5280).</summary>
internal static class Asn1Keys
{
    public const string Ed25519Oid = "1.3.101.112";
    public const string X25519Oid = "1.3.101.110";
    public const string RsaOid = "1.2.840.113549.1.1.1";
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string MLDsa65Oid = "2.16.840.1.101.3.4.3.18";
    /// <summary>id-XWing from draft-connolly-cfrg-xwing-kem.</summary>
    public const string XWingOid = "1.3.6.1.4.1.62253.25722";

    /// <summary>PrivateKeyInfo whose privateKey is OCTET STRING { OCTET STRING raw } as RFC 8410 specifies.</summary>
    public static byte[] Pkcs8(string oid, ReadOnlySpan<byte> rawPrivateKey)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        inner.WriteOctetString(rawPrivateKey);
        var encoded = inner.Encode();
        try
        {
            return new Pkcs8PrivateKeyInfo(new Oid(oid), null, encoded, skipCopies: true).Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>The raw key inside an RFC 8410-style PrivateKeyInfo of the expected OID and length.</summary>
    public static byte[] ReadPkcs8(ReadOnlySpan<byte> der, string oid, int length, string what)
    {
        Pkcs8PrivateKeyInfo info;
        try
        {
            info = Pkcs8PrivateKeyInfo.Decode(der.ToArray(), out int read, skipCopy: true);
            if (read != der.Length) throw new InvalidKeyException($"{what} private key has trailing bytes after its PKCS#8 structure.");
        }
        catch (CryptographicException e) when (e is not CryptoException)
        {
            throw new InvalidKeyException($"{what} private key is not valid PKCS#8: {e.Message}", e);
        }
        if (info.AlgorithmId.Value != oid)
            throw new InvalidKeyException($"Expected a {what} private key (OID {oid}), found OID {info.AlgorithmId.Value}.");
        try
        {
            var reader = new AsnReader(info.PrivateKeyBytes, AsnEncodingRules.DER);
            var raw = reader.ReadOctetString();
            reader.ThrowIfNotEmpty();
            if (raw.Length != length) throw new InvalidKeyException($"{what} private key must be {length} bytes, got {raw.Length}.");
            return raw;
        }
        catch (AsnContentException e)
        {
            throw new InvalidKeyException($"{what} private key field is not an OCTET STRING: {e.Message}", e);
        }
    }

    public static byte[] Spki(string oid, ReadOnlySpan<byte> rawPublicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
                writer.WriteObjectIdentifier(oid);
            writer.WriteBitString(rawPublicKey);
        }
        return writer.Encode();
    }

    /// <summary>The OID of a PKCS#8 PrivateKeyInfo, to pick the right importer.</summary>
    public static string Pkcs8Oid(ReadOnlySpan<byte> der)
    {
        try
        {
            return Pkcs8PrivateKeyInfo.Decode(der.ToArray(), out _, skipCopy: true).AlgorithmId.Value
                ?? throw new InvalidKeyException("PKCS#8 private key has no algorithm OID.");
        }
        catch (CryptographicException e) when (e is not CryptoException)
        {
            throw new InvalidKeyException($"Not a PKCS#8 private key: {e.Message}", e);
        }
    }

    /// <summary>(OID, raw subjectPublicKey) of a SubjectPublicKeyInfo.</summary>
    public static (string Oid, byte[] Key) ReadSpki(ReadOnlySpan<byte> der)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = spki.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var key = spki.ReadBitString(out int unused);
            spki.ThrowIfNotEmpty();
            if (unused != 0) throw new InvalidKeyException("SubjectPublicKeyInfo key has unused bits.");
            return (oid, key);
        }
        catch (AsnContentException e)
        {
            throw new InvalidKeyException($"Not a SubjectPublicKeyInfo: {e.Message}", e);
        }
    }

    /// <summary>Raw public key of an SPKI with the expected OID and length.</summary>
    public static byte[] ReadSpki(ReadOnlySpan<byte> der, string oid, int length, string what)
    {
        var (found, key) = ReadSpki(der);
        if (found != oid) throw new InvalidKeyException($"Expected a {what} public key (OID {oid}), found OID {found}.");
        if (key.Length != length) throw new InvalidKeyException($"{what} public key must be {length} bytes, got {key.Length}.");
        return key;
    }
}
