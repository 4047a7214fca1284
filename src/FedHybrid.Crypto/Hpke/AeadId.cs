namespace FedHybrid.Crypto.Hpke;

/// <summary>HPKE AEAD identifiers (RFC 9180 §7.3).</summary>
internal enum AeadId : ushort
{
    /// <summary>AES-256-GCM.</summary>
    Aes256Gcm = 0x0002,
    /// <summary>ChaCha20-Poly1305.</summary>
    ChaCha20Poly1305 = 0x0003,
    /// <summary>No AEAD: the context only exports secrets (Seal and Open are refused).</summary>
    ExportOnly = 0xFFFF,
}
