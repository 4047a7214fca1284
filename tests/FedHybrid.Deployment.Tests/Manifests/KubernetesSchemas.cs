using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using Json.Schema;
using k8s;
using k8s.Models;

namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>
/// JSON Schemas of Kubernetes objects by apiVersion and kind, made from the models of the official C#
/// client (KubernetesClient, generated from the Kubernetes OpenAPI spec of its release). Strict: a field
/// the API does not have is an error (additionalProperties false), as in `kubectl apply --validate=strict`.
/// IntOrString and Quantity have custom JSON converters, so their schemas are written here. Required:
/// the models declare a required number as a non-nullable value (a ServicePort's port is <c>int</c>, its
/// nodePort <c>int?</c>), so those are required here; required strings and objects are not visible in
/// the models and go unchecked.
/// </summary>
static class KubernetesSchemas
{
    static readonly Dictionary<(string ApiVersion, string Kind), Type> Types = typeof(V1Deployment).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(p => p.Entity is { Kind: not null } && !p.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(p => (ApiVersion(p.Entity!), p.Entity!.Kind))
        .ToDictionary(g => g.Key, g => g.First().Type);

    static readonly Dictionary<Type, JsonSchema> Schemas = [];

    /// <summary>The model type of an object's apiVersion and kind.</summary>
    public static Type ModelType(string apiVersion, string kind) =>
        Types.TryGetValue((apiVersion, kind), out var type) ? type : throw new KeyNotFoundException($"no Kubernetes model for {apiVersion} {kind}");

    public static JsonSchema For(Type model)
    {
        lock (Schemas)
        {
            if (!Schemas.TryGetValue(model, out var schema))
            {
                var options = new JsonSerializerOptions(JsonSerializerOptions.Default) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
                var node = options.GetJsonSchemaAsNode(model, new JsonSchemaExporterOptions { TransformSchemaNode = Transform });
                Schemas[model] = schema = JsonSchema.FromText(node.ToJsonString());
            }
            return schema;
        }
    }

    static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.TypeInfo.Type;
        if (type == typeof(IntOrString))
            return new JsonObject { ["type"] = new JsonArray("string", "integer") };
        if (type == typeof(ResourceQuantity))
            return new JsonObject { ["type"] = new JsonArray("string", "number") };
        if (context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema is JsonObject objectSchema)
        {
            var required = context.TypeInfo.Properties
                .Where(p => p.PropertyType.IsValueType && Nullable.GetUnderlyingType(p.PropertyType) is null)
                .Select(p => (JsonNode)p.Name).ToArray();
            if (required.Length > 0)
                objectSchema["required"] = new JsonArray(required);
        }
        return schema;
    }

    static string ApiVersion(KubernetesEntityAttribute entity) =>
        string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
}
