namespace FedHybrid.Crypto.Hpke;

/// <summary>HPKE KEM identifiers (RFC 9180 §7.1; X-Wing per draft-connolly-cfrg-xwing-kem).</summary>
internal enum KemId : ushort
{
    /// <summary>DHKEM(P-256, HKDF-SHA256).</summary>
    DhkemP256HkdfSha256 = 0x0010,
    /// <summary>DHKEM(X25519, HKDF-SHA256).</summary>
    DhkemX25519HkdfSha256 = 0x0020,
    /// <summary>X-Wing: ML-KEM-768 and X25519 combined with SHA3-256 (post-quantum hybrid).</summary>
    XWing = 0x647a,
}
