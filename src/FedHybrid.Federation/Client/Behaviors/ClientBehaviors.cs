namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>The client behaviours by name (configs' <c>behaviors</c>, the client's <c>--behavior</c>).</summary>
public static class ClientBehaviors
{
    static readonly Dictionary<string, Func<ClientBehavior>> Factories = new(StringComparer.Ordinal)
    {
        ["honest"] = () => new HonestBehavior(),
        ["corrupt-byte"] = () => new CorruptByteBehavior(),
        ["replay-previous"] = () => new ReplayPreviousBehavior(),
        ["crash-mid-round"] = () => new CrashMidRoundBehavior(),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <exception cref="ArgumentException">No behaviour has this name.</exception>
    public static ClientBehavior Create(string name) =>
        Factories.TryGetValue(name, out var create) ? create()
            : throw new ArgumentException($"unknown behaviour '{name}' (valid: {string.Join(", ", Names)})");
}
