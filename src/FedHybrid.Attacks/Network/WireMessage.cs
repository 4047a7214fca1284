namespace FedHybrid.Attacks.Network;

/// <summary>One gRPC message as the proxy saw it: its protobuf bytes, the call it belongs to and the routing
/// fields it (or its call) carries in the clear. <paramref name="Round"/> is 0 where the call names no round
/// (joining); <paramref name="Stage"/> is empty there.</summary>
public sealed record WireMessage(long Sequence, WireDirection Direction, string Rpc, string ClientId, int Round, string Stage, byte[] Bytes);
