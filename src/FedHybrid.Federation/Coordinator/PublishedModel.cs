namespace FedHybrid.Federation.Coordinator;

/// <summary>A sealed global model clients can download: one envelope for all its recipients.</summary>
public sealed record PublishedModel(string ModelId, int Round, byte[] Envelope, IReadOnlySet<string> Recipients);
