namespace FedHybrid.Federation.Lab;

/// <summary>What `fedhybrid provision` makes: <paramref name="Clients"/> client kits and a
/// coordinator kit under <paramref name="OutputDirectory"/>, for <paramref name="Suite"/>, with a
/// server certificate valid for <paramref name="CoordinatorHosts"/> (plus localhost).</summary>
public sealed record ProvisionOptions(
    int Clients,
    string OutputDirectory,
    string Suite = "hpke-x25519-aes256gcm",
    IReadOnlyList<string>? CoordinatorHosts = null,
    int ValidityDays = 365)
{
    /// <summary>Client ids are zero-padded so that kit folders sort naturally.</summary>
    public static string ClientId(int index) => $"client-{index:D3}";
}
