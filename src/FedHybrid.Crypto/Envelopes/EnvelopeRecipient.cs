using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>One addressee of an envelope: its id (as written in the header) and its public key.</summary>
public sealed record EnvelopeRecipient(string Id, IRecipient Key);
