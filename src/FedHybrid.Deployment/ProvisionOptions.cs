namespace FedHybrid.Deployment;

/// <summary>What `fedhybrid provision` makes: <paramref name="Clients"/> client kits and a
/// coordinator kit under <paramref name="OutputDirectory"/>, for <paramref name="Suite"/>, with a
/// server certificate valid for <paramref name="CoordinatorHosts"/> (plus localhost). With
/// <paramref name="Hosts"/> above 0 the client kits are grouped into that many client-host kits
/// (host-1 .. host-H, contiguous blocks of clients), one for each machine that runs `fedhybrid client-host`.</summary>
public sealed record ProvisionOptions(
    int Clients,
    string OutputDirectory,
    string Suite = "hpke-x25519-aes256gcm",
    IReadOnlyList<string>? CoordinatorHosts = null,
    int ValidityDays = 365,
    int Hosts = 0)
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

    /// <summary>Host kit ids (host-1 .. host-H, zero-padded to the width of H so folders sort naturally).</summary>
    public static string HostId(int index, int total) =>
        "host-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length, '0');

    /// <summary>The 1-based host that holds client <paramref name="client"/> (1-based) of <paramref name="clients"/>
    /// split over <paramref name="hosts"/>: contiguous blocks whose sizes differ by at most one, the larger first.</summary>
    public static int HostOf(int client, int clients, int hosts)
    {
        int small = clients / hosts, large = small + 1, largeHosts = clients % hosts;
        int inLarge = largeHosts * large;
        return client <= inLarge ? (client - 1) / large + 1 : largeHosts + (client - inLarge - 1) / small + 1;
    }
}
