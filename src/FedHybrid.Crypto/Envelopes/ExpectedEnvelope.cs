using FedHybrid.Crypto.Signatures;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>What a receiver expects: the run and round it is in, who must have sent the envelope and
/// that sender's signature key. <see cref="EnvelopeOpener"/> rejects anything else, so a stale round,
/// another run or another sender cannot be replayed into this one. A null run, round or sender id is not
/// checked: the caller then judges those fields of the returned (authenticated) header itself. They are
/// never to be filled in from an unauthenticated peek at the envelope.</summary>
public sealed record ExpectedEnvelope(string? RunId, ulong? Round, string? SenderId, IVerificationKey SenderKey);
