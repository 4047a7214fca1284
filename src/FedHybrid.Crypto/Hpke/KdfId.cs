namespace FedHybrid.Crypto.Hpke;

/// <summary>HPKE KDF identifiers (RFC 9180 §7.2).</summary>
internal enum KdfId : ushort
{
    /// <summary>HKDF-SHA256.</summary>
    HkdfSha256 = 0x0001,
}
