using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Tests.Config;

/// <summary>How `simulate` packs clients into client hosts: one process a client up to schedule.max_client_processes,
/// then as many hosts as cores; schedule.client_hosts fixes the count (never more hosts than clients).</summary>
public sealed class ScheduleHostsTests
{
    [Theory]
    [InlineData(null, 32, 10, 2, null)]
    [InlineData(null, 32, 32, 2, null)]
    [InlineData(null, 32, 33, 2, 2)]
    [InlineData(null, 32, 1000, 8, 8)]
    [InlineData(null, 4, 1000, 8, 4)]
    [InlineData(4, 32, 10, 2, 4)]
    [InlineData(4, 32, 3, 2, 3)]
    public void HostsAreChosenFromTheClientsTheLimitAndTheCores(int? hosts, int maxProcesses, int clients, int cores, int? expected) =>
        Assert.Equal(expected, new ScheduleSection { ClientHosts = hosts, MaxClientProcesses = maxProcesses }.HostsFor(clients, cores));

    [Fact]
    public void TheKeysBindInSnakeCaseAndAreChecked()
    {
        var config = ExperimentConfigLoader.Parse("""{ "run": { "name": "x" }, "schedule": { "client_hosts": 3, "max_client_processes": 8 } }""");
        Assert.Equal(3, config.Schedule.ClientHosts);
        Assert.Equal(8, config.Schedule.MaxClientProcesses);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse("""{ "run": { "name": "x" }, "schedule": { "client_hosts": 0 } }"""));
        Assert.Equal("schedule.client_hosts", Assert.Single(e.Errors).Name);
    }
}
