namespace FedHybrid.Fuzz;

/// <summary>One parser under fuzzing. <see cref="Run"/> either returns (the input was accepted, and every
/// postcondition held) or throws; <see cref="IsRejection"/> says which exceptions are the typed
/// rejections the spec or code names. Anything else, a hang or a crash is a defect.</summary>
public interface IFuzzTarget
{
    string Name { get; }

    void Run(ReadOnlySpan<byte> input);

    bool IsRejection(Exception exception);

    /// <summary>Seed inputs made from real artefacts (sealed envelopes, payloads, key files, kits, data, configs).</summary>
    IEnumerable<(string Name, byte[] Data)> Seeds();
}
