using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>Opens envelopes addressed to one identity (age's Decrypt). <see cref="Open"/> checks, in order:
/// framing, the sender's signature (over header, stanzas and the body or its key commitment), the expected run / round / sender,
/// that the envelope names this recipient in this suite, replay, the stanza, the body's key commitment
/// and every chunk. No plaintext is returned unless all pass. Thread-safe.</summary>
public sealed class EnvelopeOpener : IDisposable
{
    readonly string _recipientId;
    readonly IIdentity _identity;
    readonly ReplayGuard? _replayGuard;
    readonly RekeyPolicy _rekey;
    readonly int _maxParallelism;
    readonly Dictionary<string, byte[]> _unwrapped = new(StringComparer.Ordinal);
    readonly Lock _lock = new();
    const int MaxCachedKeys = 4096;
    long _unwrapCount;

    /// <param name="rekey">Anything but <see cref="RekeyPolicy.Message"/> memoizes unwrapped data keys by
    /// stanza, so a sender's cached stanza costs one decapsulation per scope here too.</param>
    public EnvelopeOpener(string recipientId, IIdentity identity, ReplayGuard? replayGuard = null, RekeyPolicy rekey = RekeyPolicy.Message, int maxParallelism = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipientId);
        ArgumentNullException.ThrowIfNull(identity);
        _recipientId = recipientId;
        _identity = identity;
        _replayGuard = replayGuard;
        _rekey = rekey;
        _maxParallelism = Math.Max(1, maxParallelism);
    }

    /// <summary>How many asymmetric unwraps this opener has performed.</summary>
    public long UnwrapCount => Interlocked.Read(ref _unwrapCount);

    /// <summary>The header of an envelope, NOT authenticated: only for routing (e.g. picking the sender's
    /// verification key by its claimed id) before <see cref="Open"/>.</summary>
    public static EnvelopeHeader PeekHeader(ReadOnlySpan<byte> envelope)
    {
        if (!EnvelopeFormat.TryReadHeader(envelope, out var parsed, out _))
            throw new MalformedEnvelopeException($"Envelope is truncated inside its header ({envelope.Length} bytes).");
        return parsed!.Header;
    }

    public OpenedEnvelope Open(ReadOnlySpan<byte> envelope, ExpectedEnvelope expected)
    {
        var verified = Verify(envelope, expected);
        // Fully overwritten by Decrypt, or dropped with its exception.
        var plaintext = GC.AllocateUninitializedArray<byte>(checked((int)verified.Parsed.Header.BodyLength));
        Decrypt(envelope, verified, plaintext);
        return new OpenedEnvelope(verified.Parsed.Header, plaintext);
    }

    /// <summary>Like <see cref="Open(ReadOnlySpan{byte}, ExpectedEnvelope)"/>, writing the plaintext to
    /// <paramref name="destination"/> (e.g. a reused or pooled buffer, which spares a large allocation per
    /// envelope). Nothing is advanced unless every check passes.</summary>
    public EnvelopeHeader Open(ReadOnlySpan<byte> envelope, ExpectedEnvelope expected, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var verified = Verify(envelope, expected);
        int length = checked((int)verified.Parsed.Header.BodyLength);
        Decrypt(envelope, verified, destination.GetSpan(length)[..length]);
        destination.Advance(length);
        return verified.Parsed.Header;
    }

    readonly record struct Verified(ParsedHeader Parsed, int PrefixLength, int SignatureAt, int RecipientIndex);

    /// <summary>Framing, signature, expected run / round / sender and addressing: everything before the key.</summary>
    Verified Verify(ReadOnlySpan<byte> envelope, ExpectedEnvelope expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!EnvelopeFormat.TryReadHeader(envelope, out var parsedOrNull, out _))
            throw new MalformedEnvelopeException($"Envelope is truncated inside its header ({envelope.Length} bytes).");
        var parsed = parsedOrNull!;
        var header = parsed.Header;
        long prefixLength = parsed.HeaderLength + parsed.StanzasLength;
        long signatureAt = prefixLength + EnvelopeFormat.BodyLength(header.Suite, header.BodyLength);
        if (envelope.Length < signatureAt + 2)
            throw new MalformedEnvelopeException($"Envelope is truncated: {envelope.Length} bytes, its header declares at least {signatureAt + 2}.");
        int signatureLength = BinaryPrimitives.ReadUInt16BigEndian(envelope[(int)signatureAt..]);
        long total = signatureAt + 2 + signatureLength;
        if (envelope.Length != total)
            throw new MalformedEnvelopeException(envelope.Length < total
                ? $"Envelope is truncated: {envelope.Length} bytes, expected {total}."
                : $"Envelope has {envelope.Length - total} trailing bytes after its signature.");

        long signed = EnvelopeFormat.SignedLength(header.Suite, header.RecipientIds.Count, prefixLength, signatureAt - prefixLength);
        VerifySignature(header, expected, SHA256.HashData(envelope[..(int)signed]), envelope.Slice((int)signatureAt + 2, signatureLength));
        CheckExpected(header, expected);
        return new Verified(parsed, (int)prefixLength, (int)signatureAt, CheckAddressed(header));
    }

    /// <summary>Unwraps the data key, decrypts the body into <paramref name="plaintext"/> (exactly the
    /// body length) and records the envelope id: the steps after <see cref="Verify"/>.</summary>
    void Decrypt(ReadOnlySpan<byte> envelope, Verified verified, Span<byte> plaintext)
    {
        var header = verified.Parsed.Header;
        var prefix = envelope[..verified.PrefixLength];
        var body = envelope[verified.PrefixLength..verified.SignatureAt];
        if (header.Suite == SuiteId.None)
        {
            body.CopyTo(plaintext);
        }
        else
        {
            var fileKey = Unwrap(header, verified.Parsed, verified.RecipientIndex, prefix);
            try
            {
                Cobblestone256.Decrypt(fileKey, prefix, body, plaintext, _maxParallelism);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fileKey);
            }
        }
        _replayGuard?.Accept(header.SenderId, header.EnvelopeId);
    }

    /// <summary>Streams an envelope from <paramref name="source"/> to plaintext on <paramref name="destination"/>
    /// in bounded memory. A seekable source is read twice: the signature is verified first and nothing is
    /// written unless it holds. A non-seekable source is read once: each batch of chunks is written only
    /// after it authenticates under the data key, but the sender's signature is checked at the end, so
    /// on any exception the caller must discard what was written.</summary>
    public async Task<EnvelopeHeader> OpenAsync(Stream source, Stream destination, ExpectedEnvelope expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(expected);
        EnvelopeHeader header;
        if (source.CanSeek)
        {
            long start = source.Position;
            var (first, digest) = await PassAsync(source, destination: null, expected, cancellationToken).ConfigureAwait(false);
            source.Position = start;
            var (second, again) = await PassAsync(source, destination, expected, cancellationToken).ConfigureAwait(false);
            if (!CryptographicOperations.FixedTimeEquals(digest, again) || first.EnvelopeId != second.EnvelopeId)
                throw new AuthenticationFailedException("The envelope changed while it was being read.");
            header = second;
        }
        else
        {
            (header, _) = await PassAsync(source, destination, expected, cancellationToken).ConfigureAwait(false);
        }
        _replayGuard?.Accept(header.SenderId, header.EnvelopeId);
        return header;
    }

    /// <summary>Reads one envelope, decrypting into <paramref name="destination"/> when given (else only
    /// hashing), then verifies the trailer's signature. Returns the header and the signed digest.</summary>
    async Task<(EnvelopeHeader Header, byte[] Digest)> PassAsync(Stream source, Stream? destination, ExpectedEnvelope expected, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var prefixBuffer = new byte[EnvelopeFormat.FixedSize];
        int have = 0;
        ParsedHeader? parsed;
        while (true)
        {
            if (EnvelopeFormat.TryReadHeader(prefixBuffer.AsSpan(0, have), out parsed, out int needed)) break;
            if (needed > prefixBuffer.Length) Array.Resize(ref prefixBuffer, Math.Max(needed, prefixBuffer.Length * 2));
            int read = await source.ReadAtLeastAsync(prefixBuffer.AsMemory(have, needed - have), needed - have, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < needed - have) throw new MalformedEnvelopeException("Envelope is truncated inside its header.");
            have = needed;
        }
        var header = parsed!.Header;
        int prefixLength = parsed.HeaderLength + parsed.StanzasLength;
        if (prefixBuffer.Length < prefixLength) Array.Resize(ref prefixBuffer, prefixLength);
        if (await source.ReadAtLeastAsync(prefixBuffer.AsMemory(have, prefixLength - have), prefixLength - have, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < prefixLength - have)
            throw new MalformedEnvelopeException("Envelope is truncated inside its stanzas.");
        var prefix = prefixBuffer.AsMemory(0, prefixLength);
        hash.AppendData(prefix.Span);

        if (header.SignatureAlgorithm != expected.SenderKey.Algorithm)
            throw new EnvelopeMismatchException($"Envelope is signed with {header.SignatureAlgorithm}; the sender's key is {expected.SenderKey.Algorithm}.");
        // Checked before authentication to fail fast; the signature below authenticates them.
        CheckExpected(header, expected);
        int index = CheckAddressed(header);

        long bodyLength = EnvelopeFormat.BodyLength(header.Suite, header.BodyLength);
        long signedBody = EnvelopeFormat.SignedLength(header.Suite, header.RecipientIds.Count, 0, bodyLength);
        var body = new HashingReadStream(source, bodyLength, hash, signedBody);
        if (destination is null)
        {
            await body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        else if (header.Suite == SuiteId.None)
        {
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var fileKey = Unwrap(header, parsed, index, prefix.Span);
            try
            {
                long length = await Cobblestone256.DecryptAsync(fileKey, prefix, body, destination, _maxParallelism, cancellationToken).ConfigureAwait(false);
                if (length != header.BodyLength) throw new AuthenticationFailedException($"Body decrypted to {length} bytes; the header declares {header.BodyLength}.");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fileKey);
            }
        }

        var lengthBytes = new byte[2];
        if (await source.ReadAtLeastAsync(lengthBytes, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 2)
            throw new MalformedEnvelopeException("Envelope is truncated: the signature trailer is missing.");
        var signature = new byte[BinaryPrimitives.ReadUInt16BigEndian(lengthBytes)];
        if (await source.ReadAtLeastAsync(signature, signature.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < signature.Length)
            throw new MalformedEnvelopeException("Envelope is truncated inside its signature.");
        if (await source.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
            throw new MalformedEnvelopeException("Envelope has trailing bytes after its signature.");
        var digest = hash.GetHashAndReset();
        VerifySignature(header, expected, digest, signature);
        return (header, digest);
    }

    static void VerifySignature(EnvelopeHeader header, ExpectedEnvelope expected, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (header.SignatureAlgorithm != expected.SenderKey.Algorithm)
            throw new EnvelopeMismatchException($"Envelope is signed with {header.SignatureAlgorithm}; the sender's key is {expected.SenderKey.Algorithm}.");
        bool wholeBody = EnvelopeFormat.SignsWholeBody(header.Suite, header.RecipientIds.Count);
        if (!expected.SenderKey.Verify(EnvelopeFormat.SignedMessage(wholeBody, digest), signature))
            throw new AuthenticationFailedException($"The envelope's signature does not verify under the key of '{expected.SenderId}': it was modified or not sent by them.");
    }

    static void CheckExpected(EnvelopeHeader header, ExpectedEnvelope expected)
    {
        if (!string.Equals(header.RunId, expected.RunId, StringComparison.Ordinal))
            throw new EnvelopeMismatchException($"Envelope belongs to run '{header.RunId}', expected '{expected.RunId}'.");
        if (header.Round != expected.Round)
            throw new EnvelopeMismatchException($"Envelope is for round {header.Round}, expected round {expected.Round}.");
        if (!string.Equals(header.SenderId, expected.SenderId, StringComparison.Ordinal))
            throw new EnvelopeMismatchException($"Envelope claims sender '{header.SenderId}', expected '{expected.SenderId}'.");
    }

    int CheckAddressed(EnvelopeHeader header)
    {
        if (header.Suite != _identity.Suite)
            throw new NotForThisRecipientException($"Envelope uses suite {Suite.NameOf(header.Suite)}; this identity is {Suite.NameOf(_identity.Suite)}.");
        for (int i = 0; i < header.RecipientIds.Count; i++)
            if (string.Equals(header.RecipientIds[i], _recipientId, StringComparison.Ordinal))
                return i;
        throw new NotForThisRecipientException($"Envelope is not addressed to '{_recipientId}' (recipients: {string.Join(", ", header.RecipientIds)}).");
    }

    byte[] Unwrap(EnvelopeHeader header, ParsedHeader parsed, int index, ReadOnlySpan<byte> prefix)
    {
        int at = parsed.HeaderLength + parsed.StanzaLengths.Take(index).Sum();
        var stanza = new Stanza(prefix.Slice(at, parsed.StanzaLengths[index]).ToArray());
        var context = EnvelopeFormat.WrapContext(header.Suite, header.RunId, header.SenderId, _recipientId);
        string? memo = _rekey == RekeyPolicy.Message ? null : Convert.ToHexString(SHA256.HashData([.. context, .. stanza.Body.Span]));
        if (memo is not null)
            lock (_lock)
                if (_unwrapped.TryGetValue(memo, out var known))
                    return (byte[])known.Clone();
        var fileKey = _identity.Unwrap(stanza, context);
        Interlocked.Increment(ref _unwrapCount);
        if (fileKey.Length != Cobblestone256.KeySize)
        {
            CryptographicOperations.ZeroMemory(fileKey);
            throw new NotForThisRecipientException($"The stanza holds a {fileKey.Length}-byte key, not a data key.");
        }
        if (memo is not null)
            lock (_lock)
            {
                if (_unwrapped.Count >= MaxCachedKeys) ClearCache();
                _unwrapped[memo] = (byte[])fileKey.Clone();
            }
        return fileKey;
    }

    void ClearCache()
    {
        foreach (var key in _unwrapped.Values) CryptographicOperations.ZeroMemory(key);
        _unwrapped.Clear();
    }

    /// <summary>Zeroes memoized data keys; the identity stays the caller's to dispose.</summary>
    public void Dispose()
    {
        lock (_lock) ClearCache();
    }
}
