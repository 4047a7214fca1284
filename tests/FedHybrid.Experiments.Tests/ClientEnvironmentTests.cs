using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Tests;

public sealed class ClientEnvironmentTests
{
    static readonly string[] Pinning = ["ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_CBWR"];

    static Schedule TwoCoresFiveClients() =>
        Schedule.For(new ExperimentConfig { Run = new RunSection { Name = "x", Clients = 5 } }, cores: 2);

    [Fact]
    public void AReproducibleRunPinsTheKernelsOfEveryClientAndAPlainRunLeavesThemAlone()
    {
        var pinned = ClientEnvironment.For(TwoCoresFiveClients(), reproducible: true);
        Assert.Equal(("avx2", "AVX2", "AVX2"), (pinned["ATEN_CPU_CAPABILITY"], pinned["ONEDNN_MAX_CPU_ISA"], pinned["MKL_CBWR"]));
        Assert.Equal("1", pinned["OMP_NUM_THREADS"]);
        var plain = ClientEnvironment.For(TwoCoresFiveClients(), reproducible: false);
        Assert.All(Pinning, name => Assert.False(plain.ContainsKey(name), name));
        Assert.Equal("1", plain["MKL_NUM_THREADS"]);
        Assert.Equal("0", plain["DOTNET_TieredCompilation"]); // clients compile once, optimized: no re-JIT mid-run
    }

    [Fact]
    public void TheStartInfoLaysTheEnvironmentOverThisProcesssOwn()
    {
        var environment = ClientEnvironment.For(TwoCoresFiveClients(), reproducible: true);
        var info = ClientProcessSet.StartInfo(new ClientLaunch("dotnet", ["fedhybrid.dll"]), ["client", "--id", "client-01"], environment);
        Assert.Equal(["fedhybrid.dll", "client", "--id", "client-01"], info.ArgumentList);
        foreach (var (name, value) in environment)
            Assert.Equal(value, info.Environment[name]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), info.Environment["PATH"]);
    }

    /// <summary>A real child: what it prints of its environment is what the run gave it.</summary>
    [Fact]
    public async Task EveryStartedChildSeesThePinnedKernels()
    {
        if (!File.Exists("/usr/bin/env"))
            Assert.Skip("needs /usr/bin/env to print a child's environment");
        using var scratch = new TempDirectory();
        var environment = ClientEnvironment.For(TwoCoresFiveClients(), reproducible: true);
        using (var children = new ClientProcessSet())
        {
            foreach (var id in new[] { "client-01", "client-02", "intruder-01" })
                children.Start(id, new ClientLaunch("/usr/bin/env", []), [], Path.Combine(scratch.Path, id + ".log"), environment);
            Assert.True(await children.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        }
        foreach (var id in new[] { "client-01", "client-02", "intruder-01" })
        {
            var lines = File.ReadAllLines(Path.Combine(scratch.Path, id + ".log"));
            Assert.All(Pinning, name => Assert.Contains($"{name}={environment[name]}", lines));
        }
    }
}
