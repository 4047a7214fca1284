using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>The authenticated header of an envelope (docs/envelope.md). <see cref="PlaintextLength"/> is the
/// plaintext length; <see cref="EnvelopeId"/> is 16 random bytes that receivers use to reject replays.</summary>
public sealed record EnvelopeHeader(
    byte Version,
    SuiteId Suite,
    SignatureAlgorithm SignatureAlgorithm,
    UInt128 EnvelopeId,
    string RunId,
    ulong Round,
    string SenderId,
    IReadOnlyList<string> RecipientIds,
    long PlaintextLength,
    ReadOnlyMemory<byte> AssociatedData)
{
    /// <summary>Every byte and bit of it is covered by the signature and is the body's Cobblestone context.</summary>
    public const byte CurrentVersion = 2;
}
