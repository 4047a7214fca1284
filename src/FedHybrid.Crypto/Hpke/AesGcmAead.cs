using System.Security.Cryptography;

namespace FedHybrid.Crypto.Hpke;

/// <summary>AES-256-GCM from System.Security.Cryptography.</summary>
internal sealed class AesGcmAead : HpkeAead
{
    private readonly AesGcm _aes;

    public AesGcmAead(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
            throw new ArgumentException($"AES-256-GCM key must be 32 bytes, got {key.Length}.", nameof(key));
        _aes = new AesGcm(key, TagSize);
    }

    protected override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext,
        Span<byte> tag, ReadOnlySpan<byte> aad) => _aes.Encrypt(nonce, plaintext, ciphertext, tag, aad);

    protected override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag,
        Span<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        try
        {
            _aes.Decrypt(nonce, ciphertext, tag, plaintext, aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new AuthenticationFailedException("AES-256-GCM tag mismatch: wrong key, or the ciphertext or associated data was altered.", e);
        }
    }

    public override void Dispose() => _aes.Dispose();
}
