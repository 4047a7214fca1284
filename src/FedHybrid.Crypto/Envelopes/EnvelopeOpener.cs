using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>Opens envelopes addressed to one identity (age's Decrypt). Checks in the order of
/// docs/envelope.md section 3: framing, the sender's signature (over header, stanzas and the body or its
/// key commitment), the expected run / round / sender, that the envelope names this recipient in this
/// suite, replay, then the stanza, the body's key commitment and every chunk. When several checks would
/// fail, the first in that order is the one reported. No plaintext is returned unless all pass. Thread-safe.</summary>
public sealed class EnvelopeOpener : IDisposable
{
    readonly string? _recipientId;
    readonly IIdentity _identity;
    readonly ReplayGuard? _replayGuard;
    readonly RekeyPolicy _rekey;
    readonly int _maxParallelism;
    readonly int _maxRecipients;
    readonly Dictionary<string, byte[]> _unwrapped = new(StringComparer.Ordinal);
    readonly Lock _lock = new();
    const int MaxCachedKeys = 4096;
    long _unwrapCount;

    /// <param name="recipientId">This receiver's id in recipient lists; null means "the envelope's only
    /// recipient", decided after the signature verified (never from an unauthenticated peek).</param>
    /// <param name="rekey">Anything but <see cref="RekeyPolicy.Message"/> memoizes unwrapped data keys by
    /// stanza, so a sender's cached stanza costs one decapsulation per scope here too.</param>
    /// <param name="maxRecipients">Envelopes naming more recipients are refused with
    /// <see cref="TooManyRecipientsException"/> as soon as the header's recipient count is read, before any
    /// per-recipient work and the signature (a coordinator, whose updates have one recipient, passes 1).</param>
    public EnvelopeOpener(string? recipientId, IIdentity identity, ReplayGuard? replayGuard = null, RekeyPolicy rekey = RekeyPolicy.Message,
        int maxParallelism = 1, int maxRecipients = ushort.MaxValue)
    {
        if (recipientId is not null) ArgumentException.ThrowIfNullOrEmpty(recipientId);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecipients, 1);
        _recipientId = recipientId;
        _identity = identity;
        _replayGuard = replayGuard;
        _rekey = rekey;
        _maxParallelism = Math.Max(1, maxParallelism);
        _maxRecipients = Math.Min(maxRecipients, EnvelopeFormat.MaxRecipients);
    }

    /// <summary>How many asymmetric unwraps this opener has performed.</summary>
    public long UnwrapCount => Interlocked.Read(ref _unwrapCount);

    /// <summary>How many recipient records this opener's header parses have decoded, in total. Parsing is
    /// linear: each open decodes each record once per pass over its input (streams from a seekable source
    /// take two passes).</summary>
    public long RecipientRecordsParsed => Interlocked.Read(ref _recordsParsed);
    long _recordsParsed;

    /// <summary>The header of an envelope, NOT authenticated: only for routing (e.g. picking the sender's
    /// verification key by its claimed id) before <see cref="Open"/>. Never build an
    /// <see cref="ExpectedEnvelope"/> from it: pass null for what the caller does not know instead.</summary>
    public static EnvelopeHeader PeekHeader(ReadOnlySpan<byte> envelope)
    {
        if (!EnvelopeFormat.TryReadHeader(envelope, out var parsed, out int needed))
            throw Truncated(envelope.Length, needed);
        return parsed!.Header;
    }

    static MalformedEnvelopeException Truncated(long have, int needed) =>
        new($"Envelope is truncated inside its header: {have} bytes, the header alone needs at least {needed}.");

    public OpenedEnvelope Open(ReadOnlySpan<byte> envelope, ExpectedEnvelope expected)
    {
        var verified = Verify(envelope, expected);
        // Fully overwritten by Decrypt, or dropped with its exception.
        var plaintext = GC.AllocateUninitializedArray<byte>(checked((int)verified.Parsed.Header.PlaintextLength));
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
        int length = checked((int)verified.Parsed.Header.PlaintextLength);
        Decrypt(envelope, verified, destination.GetSpan(length)[..length]);
        destination.Advance(length);
        return verified.Parsed.Header;
    }

    readonly record struct Verified(ParsedHeader Parsed, int SignatureAt, int RecipientIndex);

    /// <summary>Section 3 steps 1 to 5: framing, signature, expected run / round / sender, addressing, replay.</summary>
    Verified Verify(ReadOnlySpan<byte> envelope, ExpectedEnvelope expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var parsed = ParseHeader(envelope, out int needed) ?? throw Truncated(envelope.Length, needed);
        var header = parsed.Header;
        long prefixLength = parsed.PrefixLength;
        long signatureAt = prefixLength + EnvelopeFormat.BodyLength(header.Suite, header.PlaintextLength);
        if (envelope.Length < signatureAt + 2)
            throw new MalformedEnvelopeException($"Envelope is truncated: {envelope.Length} bytes, its header declares at least {signatureAt + 2}.");
        int signatureLength = BinaryPrimitives.ReadUInt16BigEndian(envelope[(int)signatureAt..]);
        long total = signatureAt + 2 + signatureLength;
        if (envelope.Length != total)
            throw new MalformedEnvelopeException(envelope.Length < total
                ? $"Envelope is truncated: {envelope.Length} bytes, expected {total}."
                : $"Envelope has {envelope.Length - total} trailing bytes after its signature.");

        CheckAlgorithm(header, expected);
        long signed = EnvelopeFormat.SignedLength(header.Suite, header.RecipientIds.Count, prefixLength, signatureAt - prefixLength);
        VerifySignature(header, expected, SHA256.HashData(envelope[..(int)signed]), envelope.Slice((int)signatureAt + 2, signatureLength));
        var refusal = Refusal(header, expected, out int index);
        if (refusal is not null) throw refusal;
        return new Verified(parsed, (int)signatureAt, index);
    }

    ParsedHeader? ParseHeader(ReadOnlySpan<byte> data, out int needed)
    {
        var reader = new HeaderReader(_maxRecipients);
        try
        {
            return reader.TryRead(data, out var parsed, out needed) ? parsed : null;
        }
        finally
        {
            Interlocked.Add(ref _recordsParsed, reader.RecordsParsed);
        }
    }

    /// <summary>Unwraps the data key, decrypts the body into <paramref name="plaintext"/> (exactly the
    /// plaintext length) and records the envelope id: the steps after <see cref="Verify"/>.</summary>
    void Decrypt(ReadOnlySpan<byte> envelope, Verified verified, Span<byte> plaintext)
    {
        var header = verified.Parsed.Header;
        var prefix = envelope[..verified.Parsed.PrefixLength];
        var body = envelope[verified.Parsed.PrefixLength..verified.SignatureAt];
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
    /// in bounded memory. A seekable source is read twice: first the signed bytes and the signature, then
    /// (if it holds and the envelope is for this receiver) the body is decrypted; nothing is written unless
    /// the signature holds. A non-seekable source (a pipe, a socket) is read once: each batch of chunks is
    /// written only after it authenticates under the data key, but the sender's signature is checked at the
    /// end, so on any exception the caller must discard what was written. Either way the error reported is
    /// the first failing check in the spec's order: a badly signed envelope is refused for its signature even
    /// when it is also for another run or receiver.</summary>
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
            var refusal = Refusal(first, expected, out _);
            if (refusal is not null) throw refusal;
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

    /// <summary>Reads one envelope and verifies the trailer's signature. With a <paramref name="destination"/>,
    /// decrypts into it when steps 3 to 5 pass (else only reads on, so that a bad signature is still what is
    /// reported); without one, hashes the signed bytes and skips the rest (by seeking when it can). Returns
    /// the header and the signed digest.</summary>
    async Task<(EnvelopeHeader Header, byte[] Digest)> PassAsync(Stream source, Stream? destination, ExpectedEnvelope expected, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new HeaderReader(_maxRecipients);
        var prefixBuffer = new byte[EnvelopeFormat.FixedSize];
        int have = 0;
        ParsedHeader? parsed;
        try
        {
            // The reader resumes where it stopped and asks only for bytes inside the header, so this is
            // linear in the header's length and never reads into the stanzas.
            while (!reader.TryRead(prefixBuffer.AsSpan(0, have), out parsed, out int needed))
            {
                if (needed > prefixBuffer.Length) Array.Resize(ref prefixBuffer, Math.Max(needed, prefixBuffer.Length * 2));
                int read = await source.ReadAtLeastAsync(prefixBuffer.AsMemory(have, needed - have), needed - have, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < needed - have) throw Truncated(have + read, needed);
                have = needed;
            }
        }
        finally
        {
            Interlocked.Add(ref _recordsParsed, reader.RecordsParsed);
        }
        var header = parsed!.Header;
        int prefixLength = parsed.PrefixLength;
        if (prefixBuffer.Length < prefixLength) Array.Resize(ref prefixBuffer, prefixLength);
        if (await source.ReadAtLeastAsync(prefixBuffer.AsMemory(have, prefixLength - have), prefixLength - have, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < prefixLength - have)
            throw new MalformedEnvelopeException("Envelope is truncated inside its stanzas.");
        var prefix = prefixBuffer.AsMemory(0, prefixLength);
        hash.AppendData(prefix.Span);
        CheckAlgorithm(header, expected);

        int index = -1;
        var refusal = destination is null ? null : Refusal(header, expected, out index);
        long bodyLength = EnvelopeFormat.BodyLength(header.Suite, header.PlaintextLength);
        long signedBody = EnvelopeFormat.SignedLength(header.Suite, header.RecipientIds.Count, 0, bodyLength);
        if (destination is null || refusal is not null)
        {
            await new HashingReadStream(source, signedBody, hash).CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            await SkipAsync(source, bodyLength - signedBody, cancellationToken).ConfigureAwait(false);
        }
        else if (header.Suite == SuiteId.None)
        {
            await new HashingReadStream(source, bodyLength, hash, signedBody).CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var body = new HashingReadStream(source, bodyLength, hash, signedBody);
            var fileKey = Unwrap(header, parsed, index, prefix.Span);
            try
            {
                long length = await Cobblestone256.DecryptAsync(fileKey, prefix, body, destination, _maxParallelism, cancellationToken).ConfigureAwait(false);
                if (length != header.PlaintextLength) throw new AuthenticationFailedException($"Body decrypted to {length} bytes; the header declares {header.PlaintextLength}.");
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
        if (refusal is not null) throw refusal;
        return (header, digest);
    }

    /// <summary>Moves past <paramref name="count"/> body bytes that are not signed: a seek when the source can.</summary>
    static async Task SkipAsync(Stream source, long count, CancellationToken cancellationToken)
    {
        if (count == 0) return;
        if (source.CanSeek)
        {
            if (source.Length - source.Position < count)
                throw new MalformedEnvelopeException($"Envelope is truncated: the body ends {count - (source.Length - source.Position)} bytes early.");
            source.Seek(count, SeekOrigin.Current);
            return;
        }
        await new HashingReadStream(source, count, hash: null).CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
    }

    static void CheckAlgorithm(EnvelopeHeader header, ExpectedEnvelope expected)
    {
        if (header.SignatureAlgorithm != expected.SenderKey.Algorithm)
            throw new EnvelopeMismatchException(
                $"Envelope declares signature algorithm {SignatureAlgorithms.NameOf(header.SignatureAlgorithm)}, but the key given for " +
                $"{(expected.SenderId is null ? "its sender" : $"'{expected.SenderId}'")} is {SignatureAlgorithms.NameOf(expected.SenderKey.Algorithm)}: " +
                "a signature is only checked with the algorithm its key was made for.");
    }

    /// <summary>Step 2. The message names no sender id from the header: the signature just failed, so
    /// who sent it is unknown; it names the id only when the caller stated whom it expects.</summary>
    static void VerifySignature(EnvelopeHeader header, ExpectedEnvelope expected, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        bool wholeBody = EnvelopeFormat.SignsWholeBody(header.Suite, header.RecipientIds.Count);
        if (!expected.SenderKey.Verify(EnvelopeFormat.SignedMessage(wholeBody, digest), signature))
            throw new AuthenticationFailedException(expected.SenderId is null
                ? "The envelope's signature does not verify under the given sender key: it was modified, or not signed with that key."
                : $"The envelope's signature does not verify under the key given for '{expected.SenderId}': it was modified, or not signed with that key.");
    }

    /// <summary>Steps 3 to 5 (expected run, round and sender; addressed to this receiver in its suite; not a
    /// replay): the first that fails, or null, and the index of this receiver's stanza.</summary>
    CryptoException? Refusal(EnvelopeHeader header, ExpectedEnvelope expected, out int index)
    {
        index = -1;
        if (expected.RunId is not null && !string.Equals(header.RunId, expected.RunId, StringComparison.Ordinal))
            return new EnvelopeMismatchException($"Envelope belongs to run '{header.RunId}', expected '{expected.RunId}'.");
        if (expected.Round is { } round && header.Round != round)
            return new EnvelopeMismatchException($"Envelope is for round {header.Round}, expected round {round}.");
        if (expected.SenderId is not null && !string.Equals(header.SenderId, expected.SenderId, StringComparison.Ordinal))
            return new EnvelopeMismatchException($"Envelope was sent by '{header.SenderId}', expected '{expected.SenderId}'.");
        if (header.Suite != _identity.Suite)
            return new NotForThisRecipientException($"Envelope uses suite {Suite.NameOf(header.Suite)}; this identity is {Suite.NameOf(_identity.Suite)}.");
        if (_recipientId is null)
        {
            if (header.RecipientIds.Count != 1)
                return new NotForThisRecipientException($"Envelope names {header.RecipientIds.Count} recipients; give this receiver's recipient id to pick its stanza.");
            index = 0;
        }
        else
        {
            for (int i = 0; i < header.RecipientIds.Count && index < 0; i++)
                if (string.Equals(header.RecipientIds[i], _recipientId, StringComparison.Ordinal))
                    index = i;
            if (index < 0)
                return new NotForThisRecipientException($"Envelope is not addressed to '{_recipientId}' (it names {header.RecipientIds.Count} other recipient{(header.RecipientIds.Count == 1 ? "" : "s")}).");
        }
        return _replayGuard?.HasSeen(header.SenderId, header.EnvelopeId) == true ? ReplayGuard.Replayed(header.SenderId, header.EnvelopeId) : null;
    }

    byte[] Unwrap(EnvelopeHeader header, ParsedHeader parsed, int index, ReadOnlySpan<byte> prefix)
    {
        var stanza = new Stanza(prefix.Slice(parsed.StanzaOffset(index), parsed.StanzaLengths[index]).ToArray());
        var context = EnvelopeFormat.WrapContext(header.Suite, header.RunId, header.SenderId, header.RecipientIds[index]);
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
