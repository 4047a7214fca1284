using System.Text.Json.Nodes;

namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>deploy/k8s renders offline, and every object it renders is one the Kubernetes API accepts.</summary>
public sealed class ManifestSchemaTests(RenderedManifests rendered) : IClassFixture<RenderedManifests>
{
    [Fact]
    public void EveryObjectOfTheBaseAndTheOverlayPassesTheKubernetesSchema()
    {
        Kustomize.SkipWithoutKubectl();
        var problems = rendered.Base.Concat(rendered.Overlay).SelectMany(o => o.Problems()).ToArray();
        Assert.True(problems.Length == 0, string.Join('\n', problems));
        Assert.Equal(["ConfigMap", "Deployment", "PersistentVolumeClaim", "Service", "Service", "StatefulSet"], rendered.Base.Select(o => o.Kind).Order());
        Assert.Equal(["ConfigMap", "Deployment", "Namespace", "PersistentVolumeClaim", "Secret", "Secret", "Secret", "Secret", "Secret", "Secret", "Service", "Service", "StatefulSet"],
            rendered.Overlay.Select(o => o.Kind).Order());
    }

    /// <summary>The check is not vacuous: a misspelt field, a string where the API wants a number and a
    /// missing required number are each refused, with the path.</summary>
    [Fact]
    public void TheSchemaRefusesAnUnknownFieldAWrongTypeAndAMissingRequiredNumber()
    {
        Kustomize.SkipWithoutKubectl();
        var service = rendered.Base.First(o => o.Kind == "Service" && o.Name == "fedhybrid-coordinator");
        Assert.Empty(service.Problems());

        var misspelt = Copy(service);
        misspelt.Json["spec"]!.AsObject()["selectr"] = new JsonObject();
        Assert.Contains(misspelt.Problems(), p => p.Contains("/spec", StringComparison.Ordinal));

        var wrongType = Copy(service);
        wrongType.Json["spec"]!["ports"]![0]!["port"] = "5443";
        Assert.Contains(wrongType.Problems(), p => p.Contains("/spec/ports/0/port", StringComparison.Ordinal));

        var missing = Copy(service);
        missing.Json["spec"]!["ports"]![0]!.AsObject().Remove("port");
        Assert.Contains(missing.Problems(), p => p.Contains("/spec/ports/0", StringComparison.Ordinal) && p.Contains("port", StringComparison.Ordinal));

        var deployment = Copy(rendered.Base.First(o => o.Kind == "Deployment"));
        deployment.Json["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!["grpc"]!.AsObject()["portt"] = 8081;
        Assert.Contains(deployment.Problems(), p => p.Contains("readinessProbe/grpc", StringComparison.Ordinal));
    }

    /// <summary>Kit Secrets hold exactly the files `provision` writes into each kit, and the workloads
    /// mount the Secrets the overlay generated (kustomize renames them with a hash of their content).</summary>
    [Fact]
    public void TheOverlaysSecretsAreTheProvisionedKitsAndTheWorkloadsMountThem()
    {
        Kustomize.SkipWithoutKubectl();
        using var lab = new TempDirectory();
        var kits = LabProvisioner.Provision(new ProvisionOptions(3, lab.Path, Hosts: 2));
        var secrets = rendered.Overlay.Where(o => o.Kind == "Secret").ToDictionary(o => o.Name[..o.Name.LastIndexOf('-')]);
        Assert.Equal(KitFileNames(kits.CoordinatorKit), DataKeys(secrets["fedhybrid-coordinator-kit"]));
        for (int i = 0; i < 3; i++)
            Assert.Equal(KitFileNames(kits.ClientKits[i]), DataKeys(secrets[$"fedhybrid-client-kit-{i}"]));
        for (int i = 0; i < 2; i++)
            Assert.Equal(KitFileNames(kits.HostKits[i]), DataKeys(secrets[$"fedhybrid-host-kit-{i}"]));

        var mounted = rendered.Overlay.Where(o => o.Kind is "Deployment" or "StatefulSet")
            .SelectMany(o => o.At("spec.template.spec.volumes")!.AsArray())
            .Select(v => (string?)v!["secret"]?["secretName"]).OfType<string>().Order();
        Assert.Equal(secrets.Values.Select(s => s.Name).Order(), mounted);
        Assert.All(rendered.Overlay, o => Assert.True(o.Kind == "Namespace" || (string?)o.Json["metadata"]!["namespace"] == "fedhybrid-lab", o.ToString()));
    }

    static RenderedObject Copy(RenderedObject o) => new((JsonObject)o.Json.DeepClone());

    static string[] KitFileNames(string kit) => Directory.GetFiles(kit).Select(Path.GetFileName).Order().ToArray()!;

    static string[] DataKeys(RenderedObject secret) => secret.Json["data"]!.AsObject().Select(p => p.Key).Order().ToArray();
}
