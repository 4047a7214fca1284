using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Inference;

/// <summary>
/// The byte-level rules of sealed inference, shared by client and server. HPKE base mode (RFC 9180)
/// with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM seals the request to the server's key:
/// <list type="bullet">
/// <item>info = "fedhybrid/v1 inference request" || 0x00 || kem_id(2) || kdf_id(2) || aead_id(2),
/// the layout of RFC 9458 §4.3 with our own media-type-like label;</item>
/// <item>request AAD = session_id (0 or 16 bytes) || sequence (8 bytes, big-endian), so a sealed
/// request cannot be moved to another session or position;</item>
/// <item>one-shot response (fresh context): secret = Export("fedhybrid/v1 inference response" ||
/// sequence(8) = 0, Nk); response_nonce = random(max(Nn, Nk)); prk = HKDF-Extract(salt = enc ||
/// response_nonce, secret); key = HKDF-Expand(prk, "key", Nk); nonce = HKDF-Expand(prk, "nonce", Nn);
/// ciphertext = AES-256-GCM(key, nonce, aad = "", logits): RFC 9458 §4.4 exactly;</item>
/// <item>cached-session response: one response key and base nonce exported per session, the
/// nonce advanced by the request's sequence number (RFC 9180 §9.8 and §5.2); see
/// <see cref="InferenceResponseCipher"/>. The response carries no response_nonce.</item>
/// </list>
/// </summary>
public static class InferenceProtocol
{
    public static HpkeSuite Suite { get; } = new(KemId.DhkemX25519HkdfSha256, KdfId.HkdfSha256, AeadId.Aes256Gcm);

    public const int SessionIdSize = 16;
    public const int EncapsulatedKeySize = 32;
    /// <summary>Nk and Nn of AES-256-GCM.</summary>
    public const int KeySize = 32;
    public const int NonceSize = 12;
    /// <summary>max(Nn, Nk), as RFC 9458 §4.4 sizes the response nonce.</summary>
    public const int ResponseNonceSize = 32;
    public const int TagSize = 16;
    /// <summary>The longest request AAD: a session id and a sequence number.</summary>
    public const int MaxRequestAadSize = SessionIdSize + 8;

    static readonly byte[] RequestLabel = "fedhybrid/v1 inference request"u8.ToArray();
    static readonly byte[] ResponseLabel = "fedhybrid/v1 inference response"u8.ToArray();

    /// <summary>The HPKE info string.</summary>
    public static byte[] Info { get; } = BuildInfo();

    static byte[] BuildInfo()
    {
        var info = new byte[RequestLabel.Length + 1 + 6];
        RequestLabel.CopyTo(info, 0);
        var ids = info.AsSpan(RequestLabel.Length + 1);
        BinaryPrimitives.WriteUInt16BigEndian(ids, (ushort)KemId.DhkemX25519HkdfSha256);
        BinaryPrimitives.WriteUInt16BigEndian(ids[2..], (ushort)KdfId.HkdfSha256);
        BinaryPrimitives.WriteUInt16BigEndian(ids[4..], (ushort)AeadId.Aes256Gcm);
        return info;
    }

    public static byte[] RequestAad(ReadOnlySpan<byte> sessionId, ulong sequence)
    {
        var aad = new byte[sessionId.Length + 8];
        WriteRequestAad(sessionId, sequence, aad);
        return aad;
    }

    /// <summary>Writes the request AAD into <paramref name="destination"/> (at least
    /// <see cref="MaxRequestAadSize"/> bytes) and returns the part written.</summary>
    public static ReadOnlySpan<byte> WriteRequestAad(ReadOnlySpan<byte> sessionId, ulong sequence, Span<byte> destination)
    {
        sessionId.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[sessionId.Length..], sequence);
        return destination[..(sessionId.Length + 8)];
    }

    /// <summary>The response secret of the request sealed with <paramref name="sequence"/>.</summary>
    public static byte[] ResponseSecret(HpkeContext context, ulong sequence)
    {
        Span<byte> exporterContext = stackalloc byte[ResponseLabel.Length + 8];
        ResponseLabel.CopyTo(exporterContext);
        BinaryPrimitives.WriteUInt64BigEndian(exporterContext[ResponseLabel.Length..], sequence);
        return context.Export(exporterContext, KeySize);
    }

    /// <summary>RFC 9458 §4.4: the response AEAD key and nonce from the exported secret, the
    /// request's encapsulated key and the response nonce (lengths as the AEAD needs).</summary>
    public static void DeriveResponseKey(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> responseNonce, Span<byte> key, Span<byte> nonce)
    {
        Span<byte> salt = stackalloc byte[enc.Length + responseNonce.Length];
        enc.CopyTo(salt);
        responseNonce.CopyTo(salt[enc.Length..]);
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, secret, salt, prk);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, key, "key"u8);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, nonce, "nonce"u8);
        CryptographicOperations.ZeroMemory(prk);
    }

    /// <summary>Seals a response; returns (response_nonce, ciphertext || tag). Zeroes nothing the caller owns.</summary>
    public static (byte[] ResponseNonce, byte[] Ciphertext) SealResponse(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> plaintext)
    {
        var responseNonce = RandomNumberGenerator.GetBytes(ResponseNonceSize);
        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> nonce = stackalloc byte[NonceSize];
        DeriveResponseKey(secret, enc, responseNonce, key, nonce);
        var output = new byte[plaintext.Length + TagSize];
        try
        {
            using var aead = new AesGcm(key, TagSize);
            aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        return (responseNonce, output);
    }

    /// <summary>Opens a response; throws <see cref="AuthenticationFailedException"/> when it was not
    /// sealed for this request (another context, another sequence number, or tampered).</summary>
    public static byte[] OpenResponse(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> responseNonce, ReadOnlySpan<byte> ciphertext)
    {
        if (responseNonce.Length != ResponseNonceSize)
            throw new AuthenticationFailedException($"response nonce must be {ResponseNonceSize} bytes, got {responseNonce.Length}");
        if (ciphertext.Length < TagSize)
            throw new AuthenticationFailedException("sealed response is shorter than its tag");
        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> nonce = stackalloc byte[NonceSize];
        DeriveResponseKey(secret, enc, responseNonce, key, nonce);
        var plaintext = new byte[ciphertext.Length - TagSize];
        try
        {
            using var aead = new AesGcm(key, TagSize);
            aead.Decrypt(nonce, ciphertext[..^TagSize], ciphertext[^TagSize..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new AuthenticationFailedException("sealed response does not authenticate under this request's context", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
