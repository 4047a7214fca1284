using FedHybrid.Federation.Protocol;

namespace FedHybrid.Attacks.Network;

/// <summary>What the proxy forwards instead of a reply: the metadata, the envelope bytes it streams (which may
/// be fewer than the metadata declares), whether it applied the action, and what it did.</summary>
public sealed record TamperedReply(ReplyMetadata Metadata, byte[] Envelope, bool Applied, string Description);
