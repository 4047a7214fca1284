using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>One object of a rendered kustomization, and what the Kubernetes API would refuse in it.</summary>
public sealed record RenderedObject(JsonObject Json)
{
    public string ApiVersion => (string)Json["apiVersion"]!;
    public string Kind => (string)Json["kind"]!;
    public string Name => (string)Json["metadata"]!["name"]!;

    public override string ToString() => $"{Kind}/{Name}";

    /// <summary>What the Kubernetes API's schema refuses in it (unknown fields, wrong types, missing
    /// required numbers), one line each with its JSON path; empty when nothing.</summary>
    public IReadOnlyList<string> Problems()
    {
        var schema = KubernetesSchemas.For(KubernetesSchemas.ModelType(ApiVersion, Kind));
        var result = schema.Evaluate(JsonDocument.Parse(Json.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{this} {d.InstanceLocation}: {e.Value}")).ToArray();
    }

    public JsonNode? At(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
            node = node?[part];
        return node;
    }
}
