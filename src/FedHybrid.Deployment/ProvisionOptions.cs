namespace FedHybrid.Deployment;

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
    /// <summary>At most as many kits as an experiment config may have clients (its "clients" range):
    /// more could never run, and each costs key generation and a folder.</summary>
    public const int MaxClients = 1000;

    /// <summary>Client ids as experiment configs number them (client-01 .. client-N, zero-padded to at
    /// least two digits), so a lab's kits match the config's clients and kit folders sort naturally.</summary>
    public static string ClientId(int index, int total)
    {
        int width = Math.Max(2, total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        return "client-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
    }
}
