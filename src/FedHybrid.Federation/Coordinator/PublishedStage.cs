namespace FedHybrid.Federation.Coordinator;

/// <summary>The sealed parts of one stage that its clients download: the shared part (one envelope,
/// its data key wrapped for every instructed client; null when the stage has none) and each client's
/// own instruction, sealed to that client alone.</summary>
public sealed record PublishedStage(string TaskId, int Round, string Stage, byte[]? Shared, IReadOnlyDictionary<string, byte[]> Own)
{
    public bool IsRecipient(string clientId) => Own.ContainsKey(clientId);

    /// <summary>The part <paramref name="shared"/> selects, or null when there is none.</summary>
    public byte[]? Part(string clientId, bool shared) => shared ? Shared : Own.GetValueOrDefault(clientId);

    public long BytesFor(string clientId) => (Shared?.Length ?? 0) + (Own.TryGetValue(clientId, out var own) ? own.Length : 0);
}
