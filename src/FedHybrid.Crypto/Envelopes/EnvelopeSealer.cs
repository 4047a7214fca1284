using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>Seals envelopes from one sender (age's Encrypt): a fresh data key (or a cached one, per
/// <see cref="RekeyPolicy"/>) wrapped for each recipient, the body sealed once with Cobblestone-256
/// under that key with header || stanzas as context, and signed by the sender (over the whole body when
/// several recipients share the data key; see <see cref="EnvelopeFormat.SignsWholeBody"/>). One recipient
/// or many is the same code path. Thread-safe.</summary>
public sealed class EnvelopeSealer : IDisposable
{
    readonly string _senderId;
    readonly ISigningKey _signingKey;
    readonly RekeyPolicy _rekey;
    readonly int _maxParallelism;
    readonly Dictionary<string, CachedWrap> _cache = new(StringComparer.Ordinal);
    readonly Lock _lock = new();
    const int MaxCachedWraps = 4096;

    sealed record CachedWrap(byte[] FileKey, IRecipient[] Keys, Stanza[] Stanzas);

    /// <param name="maxParallelism">Cores used to seal chunks; the output does not depend on it.</param>
    public EnvelopeSealer(string senderId, ISigningKey signingKey, RekeyPolicy rekey = RekeyPolicy.Message, int maxParallelism = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(senderId);
        ArgumentNullException.ThrowIfNull(signingKey);
        _senderId = senderId;
        _signingKey = signingKey;
        _rekey = rekey;
        _maxParallelism = Math.Max(1, maxParallelism);
    }

    /// <summary>How many asymmetric wraps this sealer has performed (one per recipient per fresh data key).</summary>
    public long WrapCount => Interlocked.Read(ref _wrapCount);
    long _wrapCount;

    public byte[] Seal(string runId, ulong round, EnvelopeRecipient recipient, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default) =>
        Seal(runId, round, [recipient], plaintext, associatedData);

    public byte[] Seal(string runId, ulong round, IReadOnlyList<EnvelopeRecipient> recipients, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        var (header, prefix, fileKey) = Prepare(runId, round, recipients, plaintext.Length, associatedData.ToArray());
        try
        {
            // Every byte is written by Write, so the array need not be zeroed first.
            var envelope = GC.AllocateUninitializedArray<byte>(EnvelopeLength(header, prefix, plaintext.Length));
            Write(header, prefix, fileKey, recipients.Count, plaintext, envelope);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>Like <see cref="Seal(string, ulong, IReadOnlyList{EnvelopeRecipient}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>,
    /// writing the envelope to <paramref name="destination"/> (e.g. a reused or pooled buffer, which spares a
    /// large allocation per envelope). Returns the envelope's length.</summary>
    public int Seal(string runId, ulong round, IReadOnlyList<EnvelopeRecipient> recipients, ReadOnlySpan<byte> plaintext, IBufferWriter<byte> destination,
        ReadOnlySpan<byte> associatedData = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var (header, prefix, fileKey) = Prepare(runId, round, recipients, plaintext.Length, associatedData.ToArray());
        try
        {
            int length = EnvelopeLength(header, prefix, plaintext.Length);
            Write(header, prefix, fileKey, recipients.Count, plaintext, destination.GetSpan(length)[..length]);
            destination.Advance(length);
            return length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    int EnvelopeLength(EnvelopeHeader header, byte[] prefix, int plaintextLength) =>
        checked(prefix.Length + (int)EnvelopeFormat.BodyLength(header.Suite, plaintextLength) + 2 + _signingKey.SignatureSize);

    /// <summary>prefix || body || signature trailer into <paramref name="envelope"/>, exactly <see cref="EnvelopeLength"/> bytes.</summary>
    void Write(EnvelopeHeader header, byte[] prefix, byte[] fileKey, int recipientCount, ReadOnlySpan<byte> plaintext, Span<byte> envelope)
    {
        int bodyLength = (int)EnvelopeFormat.BodyLength(header.Suite, plaintext.Length);
        int signatureAt = prefix.Length + bodyLength;
        prefix.CopyTo(envelope);
        var body = envelope.Slice(prefix.Length, bodyLength);
        if (header.Suite == SuiteId.None) plaintext.CopyTo(body);
        else Cobblestone256.Encrypt(fileKey, prefix, plaintext, body, _maxParallelism);
        bool wholeBody = EnvelopeFormat.SignsWholeBody(header.Suite, recipientCount);
        long signed = EnvelopeFormat.SignedLength(header.Suite, recipientCount, prefix.Length, bodyLength);
        var signature = Sign(wholeBody, SHA256.HashData(envelope[..(int)signed]));
        if (signature.Length != envelope.Length - signatureAt - 2)
            throw new CryptoException($"The {_signingKey.Algorithm} key made a {signature.Length}-byte signature; it declares {_signingKey.SignatureSize}.");
        BinaryPrimitives.WriteUInt16BigEndian(envelope[signatureAt..], (ushort)signature.Length);
        signature.CopyTo(envelope[(signatureAt + 2)..]);
    }

    /// <summary>Streams the rest of <paramref name="plaintext"/> into an envelope on <paramref name="destination"/>
    /// in bounded memory. The header states the plaintext length, so the source must be seekable (its
    /// remaining length is the body) or <paramref name="plaintextLength"/> must be given.</summary>
    public async Task SealAsync(string runId, ulong round, IReadOnlyList<EnvelopeRecipient> recipients, Stream plaintext, Stream destination,
        ReadOnlyMemory<byte> associatedData = default, long? plaintextLength = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        long length = plaintextLength ?? (plaintext.CanSeek
            ? plaintext.Length - plaintext.Position
            : throw new ArgumentException("A non-seekable plaintext stream needs an explicit plaintextLength.", nameof(plaintextLength)));
        var (header, prefix, fileKey) = Prepare(runId, round, recipients, length, associatedData.ToArray());
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            bool wholeBody = EnvelopeFormat.SignsWholeBody(header.Suite, recipients.Count);
            long signed = EnvelopeFormat.SignedLength(header.Suite, recipients.Count, prefix.Length, EnvelopeFormat.BodyLength(header.Suite, length));
            var output = new HashingWriteStream(destination, hash, signed);
            await output.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
            // Exactly the declared length is read: a source that ends early is the caller's error, not a short envelope.
            var body = new HashingReadStream(plaintext, length, hash: null);
            try
            {
                if (header.Suite == SuiteId.None) await body.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                else await Cobblestone256.EncryptAsync(fileKey, prefix, body, output, _maxParallelism, cancellationToken).ConfigureAwait(false);
            }
            catch (MalformedEnvelopeException e)
            {
                throw new ArgumentException($"The plaintext stream ended before the {length} bytes it was said to hold.", nameof(plaintext), e);
            }
            var signature = Sign(wholeBody, hash.GetHashAndReset());
            var trailer = new byte[2 + signature.Length];
            BinaryPrimitives.WriteUInt16BigEndian(trailer, (ushort)signature.Length);
            signature.CopyTo(trailer, 2);
            await destination.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    byte[] Sign(bool wholeBody, ReadOnlySpan<byte> digest)
    {
        var signature = _signingKey.Sign(EnvelopeFormat.SignedMessage(wholeBody, digest));
        if (signature.Length > EnvelopeFormat.MaxSignatureLength) throw new CryptoException("Signature too long for the envelope trailer.");
        return signature;
    }

    /// <summary>Header || stanzas and a copy of the data key (the caller zeroes it).</summary>
    (EnvelopeHeader Header, byte[] Prefix, byte[] FileKey) Prepare(string runId, ulong round, IReadOnlyList<EnvelopeRecipient> recipients,
        long plaintextLength, byte[] associatedData)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0) throw new ArgumentException("An envelope needs at least one recipient.", nameof(recipients));
        var suite = recipients[0].Key.Suite;
        if (recipients.Any(r => r.Key.Suite != suite))
            throw new ArgumentException("All recipients of one envelope must use the same suite.", nameof(recipients));
        if (recipients.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != recipients.Count)
            throw new ArgumentException("Recipient ids must be unique.", nameof(recipients));
        if (plaintextLength > EnvelopeFormat.MaxPlaintextLength) throw new ArgumentOutOfRangeException(nameof(plaintextLength));

        var (fileKey, stanzas) = Wrap(runId, round, suite, recipients);
        var header = new EnvelopeHeader(EnvelopeHeader.CurrentVersion, suite, _signingKey.Algorithm,
            BinaryPrimitives.ReadUInt128BigEndian(RandomNumberGenerator.GetBytes(16)), runId, round, _senderId,
            recipients.Select(r => r.Id).ToArray(), plaintextLength, associatedData);
        var headerBytes = EnvelopeFormat.WriteHeader(header, stanzas.Select(s => s.Body.Length).ToArray());
        var prefix = new byte[headerBytes.Length + stanzas.Sum(s => s.Body.Length)];
        headerBytes.CopyTo(prefix, 0);
        int at = headerBytes.Length;
        foreach (var stanza in stanzas)
        {
            stanza.Body.Span.CopyTo(prefix.AsSpan(at));
            at += stanza.Body.Length;
        }
        return (header, prefix, fileKey);
    }

    (byte[] FileKey, Stanza[] Stanzas) Wrap(string runId, ulong round, SuiteId suite, IReadOnlyList<EnvelopeRecipient> recipients)
    {
        string? scope = _rekey switch
        {
            RekeyPolicy.Message => null,
            RekeyPolicy.Round => $"{runId}\0{round}\0{(byte)suite}\0{string.Join('\0', recipients.Select(r => r.Id))}",
            _ => $"{runId}\0\0{(byte)suite}\0{string.Join('\0', recipients.Select(r => r.Id))}",
        };
        var keys = recipients.Select(r => r.Key).ToArray();
        if (scope is not null)
        {
            lock (_lock)
                if (_cache.TryGetValue(scope, out var cached) && cached.Keys.SequenceEqual(keys, ReferenceEqualityComparer.Instance))
                    return ((byte[])cached.FileKey.Clone(), cached.Stanzas);
        }
        var fileKey = RandomNumberGenerator.GetBytes(Cobblestone256.KeySize);
        var stanzas = recipients.Select(r => r.Key.Wrap(fileKey, EnvelopeFormat.WrapContext(suite, runId, _senderId, r.Id))).ToArray();
        Interlocked.Add(ref _wrapCount, suite == SuiteId.None ? 0 : recipients.Count);
        if (scope is not null)
        {
            lock (_lock)
            {
                if (_cache.Count >= MaxCachedWraps) ClearCache();
                if (_cache.Remove(scope, out var old)) CryptographicOperations.ZeroMemory(old.FileKey);
                _cache[scope] = new CachedWrap((byte[])fileKey.Clone(), keys, stanzas);
            }
        }
        return (fileKey, stanzas);
    }

    void ClearCache()
    {
        foreach (var entry in _cache.Values) CryptographicOperations.ZeroMemory(entry.FileKey);
        _cache.Clear();
    }

    /// <summary>Zeroes cached data keys. The signing key stays the caller's to dispose.</summary>
    public void Dispose()
    {
        lock (_lock) ClearCache();
    }
}
