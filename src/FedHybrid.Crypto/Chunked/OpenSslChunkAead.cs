using System.Security.Cryptography;

namespace FedHybrid.Crypto.Chunked;

/// <summary>Chunk AEAD over libcrypto's EVP AES-256-GCM with one context keyed once: each chunk only sets
/// a new nonce (EVP_*Init_ex with no cipher and no key keeps the key schedule).</summary>
internal sealed unsafe class OpenSslChunkAead : ChunkAead
{
    nint _ctx;

    public OpenSslChunkAead(ReadOnlySpan<byte> key)
    {
        if (!LibCrypto.IsAvailable) throw new PlatformNotSupportedException("OpenSSL libcrypto (libcrypto.so.3 or .so.1.1) could not be loaded.");
        if (key.Length != 32) throw new InvalidKeyException($"AES-256-GCM key must be 32 bytes, got {key.Length}.");
        _ctx = LibCrypto.CipherCtxNew();
        if (_ctx == 0) throw new CryptographicException("EVP_CIPHER_CTX_new failed.");
        fixed (byte* k = key)
            if (LibCrypto.EncryptInit(_ctx, LibCrypto.Aes256Gcm(), 0, k, null) != 1)
            {
                Dispose();
                throw new CryptographicException("EVP_EncryptInit_ex could not key AES-256-GCM.");
            }
    }

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        ObjectDisposedException.ThrowIf(_ctx == 0, this);
        int written;
        fixed (byte* n = nonce)
        fixed (byte* a = associatedData)
        fixed (byte* p = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* t = tag)
        {
            Check(LibCrypto.EncryptInit(_ctx, 0, 0, null, n), "EVP_EncryptInit_ex");
            // A null output pointer makes EVP_*Update take the input as associated data.
            if (!associatedData.IsEmpty) Check(LibCrypto.EncryptUpdate(_ctx, null, &written, a, associatedData.Length), "EVP_EncryptUpdate (aad)");
            if (!plaintext.IsEmpty) Check(LibCrypto.EncryptUpdate(_ctx, c, &written, p, plaintext.Length), "EVP_EncryptUpdate");
            Check(LibCrypto.EncryptFinal(_ctx, c + plaintext.Length, &written), "EVP_EncryptFinal_ex");
            Check(LibCrypto.CipherCtxCtrl(_ctx, LibCrypto.CtrlGcmGetTag, TagSize, t), "EVP_CTRL_GCM_GET_TAG");
        }
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        ObjectDisposedException.ThrowIf(_ctx == 0, this);
        int written;
        fixed (byte* n = nonce)
        fixed (byte* a = associatedData)
        fixed (byte* c = ciphertext)
        fixed (byte* p = plaintext)
        fixed (byte* t = tag)
        {
            Check(LibCrypto.DecryptInit(_ctx, 0, 0, null, n), "EVP_DecryptInit_ex");
            if (!associatedData.IsEmpty) Check(LibCrypto.DecryptUpdate(_ctx, null, &written, a, associatedData.Length), "EVP_DecryptUpdate (aad)");
            if (!ciphertext.IsEmpty) Check(LibCrypto.DecryptUpdate(_ctx, p, &written, c, ciphertext.Length), "EVP_DecryptUpdate");
            Check(LibCrypto.CipherCtxCtrl(_ctx, LibCrypto.CtrlGcmSetTag, TagSize, t), "EVP_CTRL_GCM_SET_TAG");
            // Final compares the computed tag with the expected one (in constant time) and fails on mismatch.
            return LibCrypto.DecryptFinal(_ctx, p + ciphertext.Length, &written) > 0;
        }
    }

    static void CheckArguments(ReadOnlySpan<byte> nonce, int plaintextLength, int ciphertextLength, int tagLength)
    {
        if (nonce.Length != 12) throw new ArgumentException("AES-GCM nonce must be 12 bytes", nameof(nonce));
        if (plaintextLength != ciphertextLength) throw new ArgumentException("plaintext and ciphertext lengths differ");
        if (tagLength != TagSize) throw new ArgumentException($"tag must be {TagSize} bytes");
    }

    static void Check(int result, string call)
    {
        if (result != 1) throw new CryptographicException($"{call} failed.");
    }

    /// <summary>EVP_CIPHER_CTX_free clears the context, key schedule included.</summary>
    public override void Dispose()
    {
        var ctx = Interlocked.Exchange(ref _ctx, 0);
        if (ctx != 0) LibCrypto.CipherCtxFree(ctx);
    }
}
