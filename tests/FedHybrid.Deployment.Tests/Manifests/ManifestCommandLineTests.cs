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

    [Theory]
    [MemberData(nameof(Renderings))]
    public void EachClientPodsCommandParsesAndNamesItsOwnKitAndTheCoordinatorsService(string which)
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

        for (int ordinal = 0; ordinal < replicas; ordinal++)
        {
            var args = Arguments(container, new Dictionary<string, string> { ["POD_INDEX"] = ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal("client", args[0]);
            Assert.Empty(FedHybridCommandLine.Errors(args));
            Assert.StartsWith($"secret:fedhybrid-client-kit-{ordinal}", mounts[FedHybridCommandLine.Value(args, "--kit")], StringComparison.Ordinal);
            Assert.StartsWith("emptyDir:", mounts[FedHybridCommandLine.Value(args, "--state")], StringComparison.Ordinal);

            var coordinator = new Uri(FedHybridCommandLine.Value(args, "--coordinator"));
            var service = objects.Single(o => o.Kind == "Service" && o.Name == coordinator.Host);
            Assert.Equal("https", coordinator.Scheme);
            Assert.Equal(coordinator.Port, (int)service.At("spec.ports")![0]!["port"]!);
        }
    }

    /// <summary>The coordinator refuses a run whose client count differs from its kit's; the manifests
    /// keep the experiment, the StatefulSet and the kit volumes at one number.</summary>
    [Theory]
    [MemberData(nameof(Renderings))]
    public void TheExperimentHasAsManyClientsAsTheStatefulSetHasPodsAndKits(string which)
    {
        Kustomize.SkipWithoutKubectl();
        var objects = Objects(which);
        var data = objects.Single(o => o.Kind == "ConfigMap").Json["data"]!.AsObject().Single();
        var experiment = ExperimentConfigLoader.Parse((string)data.Value!);
        var statefulSet = objects.Single(o => o.Kind == "StatefulSet");
        Assert.Equal(experiment.Run.Clients, (int)statefulSet.At("spec.replicas")!);
        Assert.Equal(experiment.Run.Clients, Mounts(statefulSet).Count(m => m.Value.StartsWith("secret:fedhybrid-client-kit-", StringComparison.Ordinal)));
        Assert.Equal("bundled", experiment.Data.Source); // the image carries the bundled subset
    }

    static int Port(string endpoint) => System.Net.IPEndPoint.Parse(endpoint).Port;
}
