using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Client.Stages;

namespace FedHybrid.Experiments;

/// <summary>
/// Clients that drop out of a chosen stage in a seeded fraction of rounds: in round r, client c does not
/// answer <see cref="Stage"/> when a uniform draw from SHA-256(seed, r, c) falls below
/// <see cref="Fraction"/>. The same seed drops the same clients in the same rounds in every variant of a
/// benchmark, so the variants differ only in what is measured.
/// </summary>
public sealed record SimulatedDropout(double Fraction, string Stage, long Seed)
{
    public bool Drops(string clientId, int round)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fedhybrid/v1/simulated-dropout|{Seed}|{round}|{clientId}"));
        return BinaryPrimitives.ReadUInt64LittleEndian(hash) / (double)ulong.MaxValue < Fraction;
    }

    /// <summary><paramref name="handlers"/> with <see cref="Stage"/>'s handler dropping where <see cref="Drops"/> says.</summary>
    public IEnumerable<IStageHandler> Wrap(string clientId, IEnumerable<IStageHandler> handlers) =>
        handlers.Select(h => h.Stage == Stage ? new Dropping(h, clientId, this) : h);

    sealed class Dropping(IStageHandler inner, string clientId, SimulatedDropout dropout) : IStageHandler
    {
        public string Stage => inner.Stage;

        public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken) =>
            dropout.Drops(clientId, work.Task.Round)
                ? throw new StageConfigException($"simulated dropout ({dropout.Fraction:P0} of clients) in {Stage} of round {work.Task.Round}")
                : inner.HandleAsync(work, cancellationToken);
    }
}
