namespace FedHybrid.Crypto.Chunked;

/// <summary>Which AES-256-GCM implementation seals chunks. Both are OpenSSL's AES-256-GCM on Linux and
/// produce identical bytes; they differ only in per-call overhead.</summary>
internal enum ChunkAeadBackend
{
    /// <summary><see cref="OpenSsl"/> where libcrypto can be loaded, else <see cref="Managed"/>.</summary>
    Auto,
    /// <summary>System.Security.Cryptography.AesGcm: every platform .NET runs on.</summary>
    Managed,
    /// <summary>libcrypto's EVP interface with one context reused across chunks (Linux only).</summary>
    OpenSsl,
}
