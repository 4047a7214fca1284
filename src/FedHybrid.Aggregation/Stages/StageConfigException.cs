namespace FedHybrid.Aggregation.Stages;

/// <summary>A stage's config map lacks a key the reader needs, or holds a value of the wrong kind or
/// range. Coming from a client's reply, the engine counts it as a malformed reply.</summary>
public sealed class StageConfigException(string message) : Exception(message);
