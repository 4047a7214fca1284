using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FedHybrid.Crypto.Hpke;

/// <summary>An HPKE encryption context (RFC 9180 §5.2), made by an <see cref="HpkeSuite"/> Setup
/// call. A sender's context only seals, a recipient's only opens; each message uses the next
/// sequence number, so a nonce is never reused, and running out of sequence numbers throws.
/// Not thread-safe: messages must be sealed and opened in order. Dispose to zero its secrets.</summary>
internal sealed class HpkeContext : IDisposable
{
    private readonly HpkeAead? _aead;
    private readonly byte[] _baseNonce;
    private readonly byte[] _exporterSecret;
    private readonly byte[] _suiteId;
    private readonly bool _isSender;
    private ulong _seq;
    private bool _disposed;

    internal HpkeContext(AeadId aeadId, byte[] suiteId, ReadOnlySpan<byte> key, byte[] baseNonce, byte[] exporterSecret, bool isSender)
    {
        AeadId = aeadId;
        _suiteId = suiteId;
        _aead = aeadId == AeadId.ExportOnly ? null : HpkeAead.Create(aeadId, key);
        _baseNonce = baseNonce;
        _exporterSecret = exporterSecret;
        _isSender = isSender;
    }

    /// <summary>The AEAD this context seals with.</summary>
    public AeadId AeadId { get; }

    /// <summary>The sequence number of the next message. Settable from tests only, to reach the
    /// RFC vectors' later sequence numbers and the overflow without 2^64 operations.</summary>
    internal ulong Sequence
    {
        get => _seq;
        set => _seq = value;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under the next nonce; returns ciphertext || tag.</summary>
    public byte[] Seal(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[HpkeAead.NonceSize];
        byte[] ciphertext = Next(sealing: true, nonce).Seal(nonce, aad, plaintext);
        _seq++;
        return ciphertext;
    }

    /// <summary>Decrypts the next message; throws <see cref="AuthenticationFailedException"/> if it
    /// does not authenticate (the sequence number then stays where it was).</summary>
    public byte[] Open(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        Span<byte> nonce = stackalloc byte[HpkeAead.NonceSize];
        byte[] plaintext = Next(sealing: false, nonce).Open(nonce, aad, ciphertext);
        _seq++;
        return plaintext;
    }

    /// <summary>The secret exporter (RFC 9180 §5.3): <paramref name="length"/> bytes bound to this
    /// context and to <paramref name="exporterContext"/>. Sender and recipient export the same value.</summary>
    public byte[] Export(ReadOnlySpan<byte> exporterContext, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length <= 0 || length > 255 * LabeledHkdf.Nh)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Export length must be 1..{255 * LabeledHkdf.Nh}.");
        var output = new byte[length];
        LabeledHkdf.Expand(_suiteId, _exporterSecret, "sec"u8, exporterContext, output);
        return output;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _aead?.Dispose();
        CryptographicOperations.ZeroMemory(_baseNonce);
        CryptographicOperations.ZeroMemory(_exporterSecret);
    }

    /// <summary>Checks the context may run the operation and writes the current message's nonce.</summary>
    private HpkeAead Next(bool sealing, Span<byte> nonce)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_aead is null)
            throw new NotSupportedException("This HPKE suite uses the export-only AEAD: it can only Export, not Seal or Open.");
        if (sealing != _isSender)
            throw new InvalidOperationException(sealing
                ? "A recipient's HPKE context opens; it cannot seal."
                : "A sender's HPKE context seals; it cannot open.");
        // RFC 9180 §5.2 allows a sequence number shorter than the nonce if overflow is an error.
        // The last value is never used, so the check holds before any AEAD call.
        if (_seq == ulong.MaxValue)
            throw new CryptoException("HPKE message limit reached: the context's sequence number would overflow.");
        ComputeNonce(nonce);
        return _aead;
    }

    /// <summary>nonce = base_nonce XOR I2OSP(seq, Nn).</summary>
    private void ComputeNonce(Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[^8..], _seq);
        for (int i = 0; i < nonce.Length; i++)
            nonce[i] ^= _baseNonce[i];
    }
}
