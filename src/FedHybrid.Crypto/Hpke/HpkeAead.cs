namespace FedHybrid.Crypto.Hpke;

/// <summary>An AEAD keyed once for a context (RFC 9180 §5.2): 12-byte nonces, 16-byte tags.
/// Seal returns ciphertext || tag; Open raises <see cref="AuthenticationFailedException"/>.</summary>
internal abstract class HpkeAead : IDisposable
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>Nk for an AEAD id (0 for export-only).</summary>
    public static int KeySize(AeadId id) => id switch
    {
        AeadId.Aes256Gcm or AeadId.ChaCha20Poly1305 => 32,
        AeadId.ExportOnly => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown HPKE AEAD."),
    };

    /// <summary>Nn for an AEAD id (0 for export-only).</summary>
    public static int NonceLength(AeadId id) => id == AeadId.ExportOnly ? 0 : NonceSize;

    /// <summary>An AEAD keyed with <paramref name="key"/> (copied; the caller zeroes its own copy).</summary>
    public static HpkeAead Create(AeadId id, ReadOnlySpan<byte> key) => id switch
    {
        AeadId.Aes256Gcm => new AesGcmAead(key),
        AeadId.ChaCha20Poly1305 => new ChaChaPolyAead(key, preferPlatform: true),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "This AEAD has no cipher."),
    };

    public byte[] Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        CheckNonce(nonce);
        var output = new byte[plaintext.Length + TagSize];
        Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return output;
    }

    public byte[] Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        CheckNonce(nonce);
        if (ciphertext.Length < TagSize)
            throw new AuthenticationFailedException($"Ciphertext of {ciphertext.Length} bytes is shorter than the {TagSize}-byte tag.");
        var plaintext = new byte[ciphertext.Length - TagSize];
        Decrypt(nonce, ciphertext[..^TagSize], ciphertext[^TagSize..], plaintext, aad);
        return plaintext;
    }

    /// <summary>Encrypts; never fails for well-sized inputs.</summary>
    protected abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext,
        Span<byte> tag, ReadOnlySpan<byte> aad);

    /// <summary>Decrypts, or throws <see cref="AuthenticationFailedException"/> leaving <paramref name="plaintext"/> zeroed.</summary>
    protected abstract void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag,
        Span<byte> plaintext, ReadOnlySpan<byte> aad);

    public abstract void Dispose();

    private static void CheckNonce(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceSize)
            throw new ArgumentException($"AEAD nonce must be {NonceSize} bytes, got {nonce.Length}.", nameof(nonce));
    }
}
