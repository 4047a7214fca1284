namespace FedHybrid.Deployment;

/// <summary>clients.json in the coordinator's kit: the suite and the admitted clients.</summary>
public sealed record AdmittedClientsDocument(string Suite, IReadOnlyList<AdmittedClient> Clients);
