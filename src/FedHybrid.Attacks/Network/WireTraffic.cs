namespace FedHybrid.Attacks.Network;

/// <summary>How many messages and protobuf bytes one call carried in one direction over a whole run.</summary>
public sealed record WireTraffic(string Rpc, WireDirection Direction, int Messages, long Bytes);
