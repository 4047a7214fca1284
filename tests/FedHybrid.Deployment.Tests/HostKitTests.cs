using Xunit;
using FedHybrid.Deployment;

namespace FedHybrid.Deployment.Tests;

public sealed class HostKitTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ProvisionWithHosts_GroupsEveryClientKitIntoContiguousHostKits_AndEachLoadsWithItsClients()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(7, _temp.Path, Hosts: 3));

        Assert.Equal(["host-1", "host-2", "host-3"], result.HostKits.Select(Path.GetFileName));
        var hosted = result.HostKits.Select(dir =>
        {
            using var host = HostKit.Load(dir);
            Assert.Equal(KitKind.Host, host.Manifest.Kind);
            return host.Clients.Select(c => c.ClientId).ToArray();
        }).ToArray();
        Assert.Equal(["client-01", "client-02", "client-03"], hosted[0]);
        Assert.Equal(["client-04", "client-05"], hosted[1]);
        Assert.Equal(["client-06", "client-07"], hosted[2]);

        // The coordinator admits exactly the hosted clients, with the keys their kits hold.
        using var coordinator = CoordinatorKit.Load(result.CoordinatorKit);
        Assert.Equal(hosted.SelectMany(h => h), coordinator.AdmittedClients.Clients.Select(c => c.Id));
        foreach (var dir in result.ClientKits)
        {
            using var client = ClientKit.Load(dir);
            Assert.True(coordinator.CreateIdentityRegistry().Find(client.ClientId)!.SameKeysAs(client.Identity));
        }
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 4)]
    [InlineData(10, 10)]
    [InlineData(1000, 7)]
    public void HostOf_SplitsClientsIntoBlocksDifferingByAtMostOne_InOrder(int clients, int hosts)
    {
        var of = Enumerable.Range(1, clients).Select(c => ProvisionOptions.HostOf(c, clients, hosts)).ToArray();

        Assert.Equal(of.Order(), of);
        Assert.Equal(Enumerable.Range(1, hosts), of.Distinct());
        var sizes = of.GroupBy(h => h).Select(g => g.Count()).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(3, -1)]
    public void Provision_MoreHostsThanClients_IsRefusedBeforeAnythingIsWritten(int clients, int hosts)
    {
        var e = Assert.Throws<ArgumentException>(() => LabProvisioner.Provision(new ProvisionOptions(clients, _temp.Path, Hosts: hosts)));
        Assert.Contains("--hosts", e.Message);
        Assert.False(Directory.Exists(_temp.Path) && Directory.EnumerateFileSystemEntries(_temp.Path).Any());
    }

    [Fact]
    public void LoadHostKit_FromAClientKit_SaysWhichKindItIs_AndAnEmptyHostIsRefused()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Path, Hosts: 1));
        var e = Assert.Throws<KitLoadException>(() => HostKit.Load(result.ClientKits[0]));
        Assert.Contains("Client kit, not a host kit", e.Message);

        foreach (var client in result.ClientKits)
            Directory.Delete(client, recursive: true);
        e = Assert.Throws<KitLoadException>(() => HostKit.Load(result.HostKits[0]));
        Assert.Contains("holds no client kit folders", e.Message);
    }

    [Fact]
    public void LoadHostKit_AClientKitFromAnotherLab_IsRefusedNamingIt()
    {
        var lab = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Sub("a"), Hosts: 1));
        var other = LabProvisioner.Provision(new ProvisionOptions(3, _temp.Sub("b")));
        var foreign = Path.Combine(lab.HostKits[0], "client-03");
        Directory.CreateDirectory(foreign);
        foreach (var file in Directory.GetFiles(other.ClientKits[2]))
            File.Copy(file, Path.Combine(foreign, Path.GetFileName(file)));

        var e = Assert.Throws<KitLoadException>(() => HostKit.Load(lab.HostKits[0]));
        Assert.Equal(Path.Combine(foreign, KitFiles.CaCertificate), e.FilePath);
        Assert.Contains("another lab", e.Message);
    }
}
