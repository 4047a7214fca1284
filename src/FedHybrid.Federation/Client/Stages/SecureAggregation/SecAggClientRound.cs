using System.Security.Cryptography;
using FedHybrid.Aggregation.SecureAggregation;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Crypto.Agreement;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>
/// What one client keeps through one secure-aggregation round, in memory only: its fresh masking secret
/// and self-mask seed (drawn in advertise-keys), its index, t and neighbours (share-keys), the shares its
/// neighbours sent it and the ledger of what it revealed (masked-fit, unmask). Disposing zeroes the secrets
/// and the shares: a round's secrets never outlive it.
/// </summary>
public sealed class SecAggClientRound(string runId, int round, MaskingAgreement agreement) : IDisposable
{
    public string RunId { get; } = runId;
    public int Round { get; } = round;
    public MaskingAgreement Agreement { get; } = agreement;

    /// <summary>The masking agreement's secret; its public key is advertised, its shares go to the neighbours.</summary>
    public byte[] Secret { get; } = agreement.GenerateSecret();

    /// <summary>b_i: the seed of this client's self mask.</summary>
    public byte[] SelfMaskSeed { get; } = agreement.GenerateSecret();

    public int Index { get; set; } = -1;
    public int Threshold { get; set; }

    /// <summary>The neighbours the coordinator named in share-keys, by index.</summary>
    public Dictionary<int, Neighbour> Neighbours { get; } = [];

    /// <summary>The shares each present neighbour sent this client, by the neighbour's index.</summary>
    public Dictionary<int, ShareMessage> Held { get; } = [];

    /// <summary>Which share of which neighbour was revealed; set when the masked input is sent.</summary>
    public ShareRevealLedger? Ledger { get; set; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Secret);
        CryptographicOperations.ZeroMemory(SelfMaskSeed);
        foreach (var message in Held.Values)
        {
            CryptographicOperations.ZeroMemory(message.SelfMaskShare.Y);
            CryptographicOperations.ZeroMemory(message.SecretShare.Y);
        }
        Held.Clear();
    }
}
