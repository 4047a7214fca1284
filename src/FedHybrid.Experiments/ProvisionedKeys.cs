using FedHybrid.Federation.Security;

namespace FedHybrid.Experiments;

/// <summary>Keys made beforehand (a lab kit): the directory holding the coordinator's key files
/// (coordinator.*.pem, as ParticipantKeys names them) and the clients it admits. When set, a run
/// generates no keys of its own.</summary>
public sealed record ProvisionedKeys(string CoordinatorKeysDirectory, IIdentityRegistry Registry);
