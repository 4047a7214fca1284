using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Inference;

/// <summary>The server's side of a cached session: opens its requests strictly in sequence and seals
/// one answer to each opened request, never two, so no response nonce repeats. Not thread-safe: the
/// owner serializes calls.</summary>
public sealed class InferenceServerSession : IDisposable
{
    readonly HpkeContext _context;
    readonly InferenceSessionCipher _responses;
    readonly byte[] _id;
    readonly HashSet<ulong> _unanswered = [];

    internal InferenceServerSession(HpkeContext context, ReadOnlySpan<byte> sessionId)
    {
        _context = context;
        _id = sessionId.ToArray();
        _responses = new InferenceSessionCipher(context);
    }

    /// <summary>The sequence number the next request must carry.</summary>
    public ulong NextSequence { get; private set; }

    /// <summary>Opens the request sealed at <paramref name="sequence"/>, which must be
    /// <see cref="NextSequence"/> (<see cref="ReplayedEnvelopeException"/> otherwise);
    /// <see cref="AuthenticationFailedException"/> when it does not open.</summary>
    public byte[] OpenRequest(ulong sequence, ReadOnlySpan<byte> ciphertext)
    {
        if (sequence != NextSequence)
            throw new ReplayedEnvelopeException($"request sequence {sequence} is out of order; the session expects {NextSequence}");
        Span<byte> aad = stackalloc byte[InferenceSealing.MaxRequestAadSize];
        var plaintext = _context.Open(InferenceSealing.RequestAad(_id, sequence, aad), ciphertext);
        _unanswered.Add(sequence);
        NextSequence++;
        return plaintext;
    }

    /// <summary>The answer (ciphertext || tag) to the opened, not yet answered request <paramref name="sequence"/>.</summary>
    public byte[] SealResponse(ulong sequence, ReadOnlySpan<byte> plaintext)
    {
        if (!_unanswered.Remove(sequence))
            throw new InvalidOperationException($"request {sequence} of this session was not opened, or is already answered; each opened request has one response");
        return _responses.Seal(sequence, plaintext);
    }

    public void Dispose()
    {
        _responses.Dispose();
        _context.Dispose();
    }
}
