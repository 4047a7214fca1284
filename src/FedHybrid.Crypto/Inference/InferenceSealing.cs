using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Inference;

/// <summary>
/// The byte-level rules of sealed inference (docs/security-model.md), shared by the client and server
/// operations of this namespace. HPKE base mode (RFC 9180) with DHKEM(X25519, HKDF-SHA256),
/// HKDF-SHA256, AES-256-GCM seals the request to the server's key:
/// <list type="bullet">
/// <item>info = "fedhybrid/v1 inference request" || 0x00 || kem_id(2) || kdf_id(2) || aead_id(2),
/// the layout of RFC 9458 §4.3 with our own media-type-like label;</item>
/// <item>request AAD = session_id (0 or 16 bytes) || sequence (8 bytes, big-endian), so a sealed
/// request cannot be moved to another session or position;</item>
/// <item>one-shot response (fresh context): secret = Export("fedhybrid/v1 inference response" ||
/// sequence(8) = 0, Nk); response_nonce = random(max(Nn, Nk)); prk = HKDF-Extract(salt = enc ||
/// response_nonce, secret); key = HKDF-Expand(prk, "key", Nk); nonce = HKDF-Expand(prk, "nonce", Nn);
/// ciphertext = AES-256-GCM(key, nonce, aad = "", logits): RFC 9458 §4.4 exactly;</item>
/// <item>cached-session response: key = Export("fedhybrid/v1 inference response key", Nk) and
/// base_nonce = Export("fedhybrid/v1 inference response nonce", Nn) once per session (RFC 9180 §9.8);
/// the answer to request s is AES-256-GCM(key, base_nonce XOR I2OSP(s, Nn), aad = "", logits), the
/// nonce rule of RFC 9180 §5.2. The response carries no response_nonce.</item>
/// </list>
/// </summary>
internal static class InferenceSealing
{
    public static HpkeSuite Suite { get; } = new(KemId.DhkemX25519HkdfSha256, KdfId.HkdfSha256, AeadId.Aes256Gcm);

    /// <summary>Nk and Nn of AES-256-GCM.</summary>
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    /// <summary>The longest request AAD: a session id and a sequence number.</summary>
    public const int MaxRequestAadSize = InferenceWire.SessionIdSize + 8;

    static readonly byte[] RequestLabel = "fedhybrid/v1 inference request"u8.ToArray();
    static readonly byte[] ResponseLabel = "fedhybrid/v1 inference response"u8.ToArray();
    public static ReadOnlySpan<byte> SessionKeyLabel => "fedhybrid/v1 inference response key"u8;
    public static ReadOnlySpan<byte> SessionNonceLabel => "fedhybrid/v1 inference response nonce"u8;

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

    /// <summary>Writes the request AAD into <paramref name="destination"/> (at least
    /// <see cref="MaxRequestAadSize"/> bytes) and returns the part written.</summary>
    public static ReadOnlySpan<byte> RequestAad(ReadOnlySpan<byte> sessionId, ulong sequence, Span<byte> destination)
    {
        sessionId.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[sessionId.Length..], sequence);
        return destination[..(sessionId.Length + 8)];
    }

    /// <summary>The one-shot response secret of the request sealed with <paramref name="sequence"/>.</summary>
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

    /// <summary>Seals a one-shot response under a fresh random response nonce: (response_nonce, ciphertext || tag).</summary>
    public static (byte[] ResponseNonce, byte[] Ciphertext) SealOneShotResponse(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> plaintext)
    {
        var responseNonce = RandomNumberGenerator.GetBytes(InferenceWire.ResponseNonceSize);
        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> nonce = stackalloc byte[NonceSize];
        DeriveResponseKey(secret, enc, responseNonce, key, nonce);
        try
        {
            using var aead = new AesGcm(key, TagSize);
            return (responseNonce, Seal(aead, nonce, plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens a one-shot response; <see cref="AuthenticationFailedException"/> when it was not
    /// sealed for this request (another context, or tampered).</summary>
    public static byte[] OpenOneShotResponse(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> responseNonce, ReadOnlySpan<byte> ciphertext)
    {
        if (responseNonce.Length != InferenceWire.ResponseNonceSize)
            throw new AuthenticationFailedException($"response nonce must be {InferenceWire.ResponseNonceSize} bytes, got {responseNonce.Length}");
        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> nonce = stackalloc byte[NonceSize];
        DeriveResponseKey(secret, enc, responseNonce, key, nonce);
        try
        {
            using var aead = new AesGcm(key, TagSize);
            return Open(aead, nonce, ciphertext, "this request's context");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static byte[] Seal(AesGcm aead, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[plaintext.Length + TagSize];
        aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    public static byte[] Open(AesGcm aead, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, string under)
    {
        if (ciphertext.Length < TagSize)
            throw new AuthenticationFailedException("sealed response is shorter than its tag");
        var plaintext = new byte[ciphertext.Length - TagSize];
        try
        {
            aead.Decrypt(nonce, ciphertext[..^TagSize], ciphertext[^TagSize..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new AuthenticationFailedException($"sealed response does not authenticate under {under}", e);
        }
    }
}
