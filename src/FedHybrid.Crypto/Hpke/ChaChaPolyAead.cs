using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using BcChaCha20Poly1305 = Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305;

namespace FedHybrid.Crypto.Hpke;

/// <summary>ChaCha20-Poly1305 (RFC 8439): the platform's when it has one, else BouncyCastle's.</summary>
internal sealed class ChaChaPolyAead : HpkeAead
{
    private readonly ChaCha20Poly1305? _platform;
    private readonly byte[]? _key; // kept only for BouncyCastle, which is keyed per operation

    public ChaChaPolyAead(ReadOnlySpan<byte> key, bool preferPlatform)
    {
        if (key.Length != 32)
            throw new ArgumentException($"ChaCha20-Poly1305 key must be 32 bytes, got {key.Length}.", nameof(key));
        if (preferPlatform && ChaCha20Poly1305.IsSupported)
            _platform = new ChaCha20Poly1305(key);
        else
            _key = key.ToArray();
    }

    /// <summary>Whether the platform implementation is in use (tests run both).</summary>
    public bool UsesPlatform => _platform is not null;

    protected override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext,
        Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (_platform is not null)
        {
            _platform.Encrypt(nonce, plaintext, ciphertext, tag, aad);
            return;
        }
        var cipher = Bouncy(true, nonce, aad);
        byte[] output = new byte[plaintext.Length + TagSize];
        int n = cipher.ProcessBytes(plaintext, output);
        cipher.DoFinal(output.AsSpan(n));
        output.AsSpan(0, plaintext.Length).CopyTo(ciphertext);
        output.AsSpan(plaintext.Length).CopyTo(tag);
    }

    protected override void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag,
        Span<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        if (_platform is not null)
        {
            try
            {
                _platform.Decrypt(nonce, ciphertext, tag, plaintext, aad);
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw Failed(e);
            }
            return;
        }
        var cipher = Bouncy(false, nonce, aad);
        byte[] input = new byte[ciphertext.Length + TagSize];
        ciphertext.CopyTo(input);
        tag.CopyTo(input.AsSpan(ciphertext.Length));
        byte[] output = new byte[ciphertext.Length];
        try
        {
            int n = cipher.ProcessBytes(input, output);
            cipher.DoFinal(output.AsSpan(n));
            output.CopyTo(plaintext);
        }
        catch (InvalidCipherTextException e)
        {
            throw Failed(e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    private BcChaCha20Poly1305 Bouncy(bool encrypt, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad)
    {
        var cipher = new BcChaCha20Poly1305();
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(_key!), TagSize * 8, nonce.ToArray()));
        cipher.ProcessAadBytes(aad);
        return cipher;
    }

    private static AuthenticationFailedException Failed(Exception inner) =>
        new("ChaCha20-Poly1305 tag mismatch: wrong key, or the ciphertext or associated data was altered.", inner);

    public override void Dispose()
    {
        _platform?.Dispose();
        if (_key is not null)
            CryptographicOperations.ZeroMemory(_key);
    }
}
