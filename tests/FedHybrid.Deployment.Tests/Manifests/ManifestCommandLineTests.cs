using System.Text.Json.Nodes;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>The workloads run real `fedhybrid` command lines whose paths, ports and counts agree with
/// the rest of the manifests and with the experiment they carry.</summary>
public sealed class ManifestCommandLineTests(RenderedManifests rendered) : IClassFixture<RenderedManifests>
{
    public static TheoryData<string> Renderings => ["base", "overlay"];

    IReadOnlyList<RenderedObject> Objects(string which) => which == "base" ? rendered.Base : rendered.Overlay;

    static JsonObject Container(RenderedObject workload) => workload.At("spec.template.spec.containers")!.AsArray().Single()!.AsObject();

    static string[] Arguments(JsonObject container, IReadOnlyDictionary<string, string> values) =>
        container["args"]!.AsArray().Select(a => values.Aggregate((string)a!, (s, v) => s.Replace($"$({v.Key})", v.Value, StringComparison.Ordinal))).ToArray();

    static Dictionary<string, string> Mounts(RenderedObject workload)
    {
        var volumes = workload.At("spec.template.spec.volumes")!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
        return Container(workload)["volumeMounts"]!.AsArray().ToDictionary(
            m => (string)m!["mountPath"]!,
            m => volumes[(string)m!["name"]!] switch
            {
                var v when v["secret"] is { } s => "secret:" + (string)s["secretName"]!,
                var v when v["configMap"] is { } c => "configMap:" + (string)c["name"]!,
                var v when v["persistentVolumeClaim"] is { } p => "pvc:" + (string)p["claimName"]!,
                var v => "emptyDir:" + (string)v["name"]!,
            });
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public void TheCoordinatorsCommandParsesAndItsPathsAndPortsAreTheManifests(string which)
    {
        Kustomize.SkipWithoutKubectl();
        var objects = Objects(which);
        var deployment = objects.Single(o => o.Kind == "Deployment");
        var container = Container(deployment);
        var args = Arguments(container, new Dictionary<string, string>());
        Assert.Equal("coordinator", args[0]);
        Assert.Empty(FedHybridCommandLine.Errors(args));

        var mounts = Mounts(deployment);
        var configMap = objects.Single(o => o.Kind == "ConfigMap");
        var config = FedHybridCommandLine.Value(args, "--config");
        Assert.Equal("configMap:" + configMap.Name, mounts[Path.GetDirectoryName(config)!]);
        Assert.StartsWith("secret:fedhybrid-coordinator-kit", mounts[FedHybridCommandLine.Value(args, "--kit")], StringComparison.Ordinal);
        Assert.StartsWith("pvc:", mounts[FedHybridCommandLine.Value(args, "--runs")], StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(config), configMap.Json["data"]!.AsObject().Select(p => p.Key));

        var ports = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (int)p!["containerPort"]!);
        Assert.Equal(ports["federation"], Port(FedHybridCommandLine.Value(args, "--listen")));
        int health = Port(FedHybridCommandLine.Value(args, "--health-listen"));
        Assert.Equal(ports["health"], health);
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            Assert.Equal(health, (int)container[probe]!["grpc"]!["port"]!);

        var service = objects.Single(o => o.Kind == "Service" && o.Name == "fedhybrid-coordinator");
        Assert.Equal("federation", (string)service.At("spec.ports")![0]!["targetPort"]!);
    }

    /// <summary>Each client-host pod's command parses, and the folder it names is a host kit: its kit.json from the host
    /// Secret of its ordinal and one client-kit Secret a sub-folder; together the pods hold every client kit once.</summary>
    [Theory]
    [MemberData(nameof(Renderings))]
    public void EachClientHostPodsCommandParsesAndNamesItsOwnHostKitAndTheCoordinatorsService(string which)
    {
        Kustomize.SkipWithoutKubectl();
        var objects = Objects(which);
        var statefulSet = objects.Single(o => o.Kind == "StatefulSet");
        var container = Container(statefulSet);
        var podIndex = container["env"]!.AsArray().Single(e => (string)e!["name"]! == "POD_INDEX")!;
        Assert.Equal("metadata.labels['apps.kubernetes.io/pod-index']", (string)podIndex["valueFrom"]!["fieldRef"]!["fieldPath"]!);
        var mounts = Mounts(statefulSet);
        int replicas = (int)statefulSet.At("spec.replicas")!;
        Assert.Equal(objects.Single(o => o.Kind == "Service" && o.Name == (string)statefulSet.At("spec.serviceName")!).Name, (string)statefulSet.At("spec.serviceName")!);

        var hosted = new List<string>();
        for (int ordinal = 0; ordinal < replicas; ordinal++)
        {
            var args = Arguments(container, new Dictionary<string, string> { ["POD_INDEX"] = ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal("client-host", args[0]);
            Assert.Empty(FedHybridCommandLine.Errors(args));
            var kit = FedHybridCommandLine.Value(args, "--kit");
            Assert.StartsWith($"secret:fedhybrid-host-kit-{ordinal}", mounts[kit + "/kit.json"], StringComparison.Ordinal);
            var clients = mounts.Where(m => Path.GetDirectoryName(m.Key) == kit && m.Key != kit + "/kit.json").ToArray();
            Assert.NotEmpty(clients);
            Assert.All(clients, c => Assert.StartsWith("secret:fedhybrid-client-kit-", c.Value, StringComparison.Ordinal));
            hosted.AddRange(clients.Select(c => c.Value));
            Assert.StartsWith("emptyDir:", mounts[FedHybridCommandLine.Value(args, "--state")], StringComparison.Ordinal);

            var coordinator = new Uri(FedHybridCommandLine.Value(args, "--coordinator"));
            var service = objects.Single(o => o.Kind == "Service" && o.Name == coordinator.Host);
            Assert.Equal("https", coordinator.Scheme);
            Assert.Equal(coordinator.Port, (int)service.At("spec.ports")![0]!["port"]!);
        }
        var allClientKits = mounts.Values.Where(v => v.StartsWith("secret:fedhybrid-client-kit-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(allClientKits.Order(), hosted.Order());
        Assert.Equal(allClientKits.Length, allClientKits.Distinct().Count());
    }

    /// <summary>What a client-host pod of the overlay sees: every Secret mount written out where the pod has it (a subPath
    /// mount as one file), after which the folder its --kit names loads as a host kit of the clients provision put in it.</summary>
    [Fact]
    public void EachOverlayPodsKitFolderAsMountedLoadsAsItsHostKit()
    {
        Kustomize.SkipWithoutKubectl();
        var statefulSet = rendered.Overlay.Single(o => o.Kind == "StatefulSet");
        var secrets = rendered.Overlay.Where(o => o.Kind == "Secret").ToDictionary(o => o.Name);
        var volumes = statefulSet.At("spec.template.spec.volumes")!.AsArray().ToDictionary(v => (string)v!["name"]!, v => (string?)v!["secret"]?["secretName"]);
        using var pod = new TempDirectory();
        foreach (var mount in Container(statefulSet)["volumeMounts"]!.AsArray())
        {
            if (volumes[(string)mount!["name"]!] is not { } secretName)
                continue;
            var data = secrets[secretName].Json["data"]!.AsObject();
            var at = Path.Combine(pod.Path, ((string)mount["mountPath"]!).TrimStart('/'));
            if ((string?)mount["subPath"] is { } subPath)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(at)!);
                File.WriteAllBytes(at, Convert.FromBase64String((string)data[subPath]!));
                continue;
            }
            Directory.CreateDirectory(at);
            foreach (var (key, value) in data)
                File.WriteAllBytes(Path.Combine(at, key), Convert.FromBase64String((string)value!));
        }

        string[][] expected = [["client-01", "client-02"], ["client-03"]];
        for (int ordinal = 0; ordinal < (int)statefulSet.At("spec.replicas")!; ordinal++)
        {
            var args = Arguments(Container(statefulSet), new Dictionary<string, string> { ["POD_INDEX"] = ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            using var kit = HostKit.Load(Path.Combine(pod.Path, FedHybridCommandLine.Value(args, "--kit").TrimStart('/')));
            Assert.Equal($"host-{ordinal + 1}", kit.Manifest.Id);
            Assert.Equal(expected[ordinal], kit.Clients.Select(c => c.ClientId));
        }
    }

    /// <summary>The coordinator refuses a run whose client count differs from its kit's; the manifests
    /// keep the experiment and the client kits the hosts mount at one number, and a host kit for each pod.</summary>
    [Theory]
    [MemberData(nameof(Renderings))]
    public void TheExperimentHasAsManyClientsAsTheHostsMountClientKits_AndEachPodAHostKit(string which)
    {
        Kustomize.SkipWithoutKubectl();
        var objects = Objects(which);
        var data = objects.Single(o => o.Kind == "ConfigMap").Json["data"]!.AsObject().Single();
        var experiment = ExperimentConfigLoader.Parse((string)data.Value!);
        var statefulSet = objects.Single(o => o.Kind == "StatefulSet");
        Assert.Equal(experiment.Run.Clients, Mounts(statefulSet).Count(m => m.Value.StartsWith("secret:fedhybrid-client-kit-", StringComparison.Ordinal)));
        Assert.Equal((int)statefulSet.At("spec.replicas")!, Mounts(statefulSet).Count(m => m.Value.StartsWith("secret:fedhybrid-host-kit-", StringComparison.Ordinal)));
        Assert.Equal("bundled", experiment.Data.Source); // the image carries the bundled subset
    }

    static int Port(string endpoint) => System.Net.IPEndPoint.Parse(endpoint).Port;
}
