namespace FedHybrid.Federation.Client;

/// <summary>Which stage a client is working on, as its handlers and behaviours see it.</summary>
public sealed record StageTaskInfo(string RunId, int Round, string Stage, string TaskId, string ClientId);
