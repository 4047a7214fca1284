namespace FedHybrid.Crypto.Signatures;

/// <summary>Signature algorithms an envelope may be signed with; the byte value is the envelope's sig-alg field.</summary>
public enum SignatureAlgorithm : byte
{
    /// <summary>Ed25519 (RFC 8032), the default: small, fast, deterministic.</summary>
    Ed25519 = 1,
    /// <summary>ECDSA over P-256 with SHA-256, IEEE P1363 (r || s) signatures.</summary>
    EcdsaP256Sha256 = 2,
    /// <summary>RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt.</summary>
    RsaPssSha256 = 3,
    /// <summary>ML-DSA-65 (FIPS 204), post-quantum.</summary>
    MLDsa65 = 4,
}
