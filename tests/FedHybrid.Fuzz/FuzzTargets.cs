using FedHybrid.Fuzz.Targets;

namespace FedHybrid.Fuzz;

/// <summary>Every target by name, and the one way to run an input: the fuzzer, the replay tests and
/// <c>run</c> all go through <see cref="Execute"/>.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new EnvelopeHeaderTarget(),
        new EnvelopeOpenTarget(),
        new ResignedEnvelopeTarget(),
        new ModelPayloadTarget(),
        new StageMessageTarget(),
        new ReplyUploadTarget(),
        new KeyFileTarget(),
        new KitTarget(),
        new IdxTarget(),
        new ConfigTarget(),
    ];

    public static IFuzzTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Unknown target '{name}'. Targets: {string.Join(", ", All.Select(t => t.Name))}.");

    /// <summary>Runs one input; a typed rejection is an outcome, any other exception propagates.</summary>
    public static FuzzOutcome Execute(IFuzzTarget target, ReadOnlySpan<byte> input)
    {
        try
        {
            target.Run(input);
            return new FuzzOutcome(null);
        }
        catch (Exception e) when (target.IsRejection(e))
        {
            return new FuzzOutcome(e);
        }
    }
}
