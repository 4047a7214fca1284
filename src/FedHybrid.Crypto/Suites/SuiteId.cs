namespace FedHybrid.Crypto.Suites;

/// <summary>A named hybrid construction; the byte value is the envelope's suite field.</summary>
public enum SuiteId : byte
{
    /// <summary>Plaintext body (still signed). Only for measuring what encryption costs.</summary>
    None = 0,
    /// <summary>HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM wraps the data key. The default.</summary>
    HpkeX25519Aes256Gcm = 1,
    /// <summary>The same with DHKEM(P-256, HKDF-SHA256).</summary>
    HpkeP256Aes256Gcm = 2,
    /// <summary>RSA-OAEP-SHA256 (MGF1-SHA256) wraps the data key; 4096-bit keys by default.</summary>
    Rsa4096OaepAes256Gcm = 3,
    /// <summary>HPKE with the X-Wing KEM (X25519 + ML-KEM-768), post-quantum hybrid.</summary>
    PqXWingAes256Gcm = 4,
}
