using FedHybrid.Crypto;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The full opener on arbitrary bytes, with the recipient's real key and the sender's real
/// verification key: framing, signature, expectations, addressing, stanza, body.</summary>
public sealed class EnvelopeOpenTarget : IFuzzTarget
{
    public string Name => "envelope-open";

    public void Run(ReadOnlySpan<byte> input) => EnvelopeOpening.OpenEveryWay(input.ToArray());

    public bool IsRejection(Exception exception) => exception is CryptoException;

    public IEnumerable<(string Name, byte[] Data)> Seeds() => EnvelopeSeeds.All();
}
