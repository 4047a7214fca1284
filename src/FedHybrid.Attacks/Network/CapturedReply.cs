namespace FedHybrid.Attacks.Network;

/// <summary>A SubmitReply stream reassembled as the client sent it: its routing fields (from the metadata,
/// in the clear) and the envelope bytes, in arrival order.</summary>
public sealed record CapturedReply(long Sequence, string ClientId, int Round, string Stage, string TaskId, byte[] Envelope);
