using System.CommandLine;
using FedHybrid.Deployment;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid provision`: a lab CA, a coordinator kit and one kit per client.</summary>
public static class ProvisionCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Number of client kits to make.", Required = true };
        var output = new Option<string>("--out") { Description = "Output directory (must be empty or absent).", Required = true };
        var suite = new Option<string>("--suite")
        {
            Description = "Envelope suite: " + string.Join(", ", LabKeys.Suites) + ".",
            DefaultValueFactory = _ => LabKeys.DefaultSuite,
        };
        var hosts = new Option<string[]>("--coordinator-host")
        {
            Description = "Host name or IP address clients dial the coordinator by (repeatable, or comma-separated); localhost and 127.0.0.1 are always included.",
            AllowMultipleArgumentsPerToken = true,
        };
        var validity = new Option<int>("--validity-days") { Description = "Certificate lifetime in days.", DefaultValueFactory = _ => 365 };
        var hostCount = new Option<int>("--hosts")
        {
            Description = "Group the client kits into this many host kits (host-1 ..), one per machine that runs `fedhybrid client-host --kit`; 0: one kit per client.",
        };

        var command = new Command("provision", "Make a lab: a certificate authority, a coordinator kit and a kit per client (certificates, envelope and signing keys).");
        command.Options.Add(clients);
        command.Options.Add(output);
        command.Options.Add(suite);
        command.Options.Add(hosts);
        command.Options.Add(validity);
        command.Options.Add(hostCount);
        command.SetAction(parse =>
        {
            var hostList = (parse.GetValue(hosts) ?? []).SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            try
            {
                var result = LabProvisioner.Provision(new ProvisionOptions(parse.GetValue(clients), parse.GetValue(output)!, parse.GetValue(suite)!, hostList, parse.GetValue(validity), parse.GetValue(hostCount)));
                Console.WriteLine($"coordinator kit: {result.CoordinatorKit}");
                foreach (var kit in result.HostKits)
                    Console.WriteLine($"host kit:        {kit} ({Directory.GetDirectories(kit).Length} clients)");
                if (result.HostKits.Count == 0)
                    foreach (var kit in result.ClientKits)
                        Console.WriteLine($"client kit:      {kit}");
                Console.WriteLine($"lab CA SHA-256:  {result.CaSha256} (check it on each machine: openssl x509 -in ca.crt -noout -fingerprint -sha256)");
                Console.WriteLine($"valid until:     {result.NotAfterUtc:yyyy-MM-dd HH:mm} UTC");
                Console.WriteLine("Copy each folder to its machine as is; *.key files are private (mode 0600). See docs/deployment.md.");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or FedHybrid.Crypto.CryptoException)
            {
                Console.Error.WriteLine($"provision: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
