using System.Security.Cryptography;
using System.Text;

namespace FedHybrid.Crypto.Chunked;

/// <summary>The per-message key derivation of c2sp.org/chunked-encryption instantiated as
/// Cobblestone-256: key || base nonce || commitment = HKDF-Expand-SHA-512(input key,
/// "c2sp.org/chunked-encryption@v1+" || "AEAD_AES_256_GCM" || 0x00 || salt || context).</summary>
internal static class CobblestoneKeySchedule
{
    public const int SaltSize = 24;
    public const int CommitmentSize = 32;
    static readonly byte[] InfoPrefix = Encoding.ASCII.GetBytes("c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM\0");

    /// <summary>Derives the AEAD key, base nonce and commitment. The caller zeroes <paramref name="output"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> context,
        Span<byte> key, Span<byte> baseNonce, Span<byte> commitment)
    {
        if (inputKey.Length != ChunkCipher.KeySize)
            throw new InvalidKeyException($"Cobblestone-256 input key must be {ChunkCipher.KeySize} bytes, got {inputKey.Length}.");
        if (salt.Length != SaltSize)
            throw new ArgumentException($"salt must be {SaltSize} bytes", nameof(salt));

        // HKDF-Expand (RFC 5869 section 2.3) written over HMAC-SHA-512 because .NET's HKDF.Expand
        // refuses a PRK shorter than the hash, while the scheme uses the 32-byte input key as PRK.
        Span<byte> okm = stackalloc byte[2 * 64];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA512, inputKey))
        {
            Span<byte> counter = stackalloc byte[1];
            for (int block = 0; block < 2; block++)
            {
                if (block > 0)
                    hmac.AppendData(okm.Slice(0, 64));
                hmac.AppendData(InfoPrefix);
                hmac.AppendData(salt);
                hmac.AppendData(context);
                counter[0] = (byte)(block + 1);
                hmac.AppendData(counter);
                hmac.GetHashAndReset(okm.Slice(block * 64, 64));
            }
        }
        okm.Slice(0, ChunkCipher.KeySize).CopyTo(key);
        okm.Slice(ChunkCipher.KeySize, ChunkCipher.NonceSize).CopyTo(baseNonce);
        okm.Slice(ChunkCipher.KeySize + ChunkCipher.NonceSize, CommitmentSize).CopyTo(commitment);
        CryptographicOperations.ZeroMemory(okm);
    }
}
