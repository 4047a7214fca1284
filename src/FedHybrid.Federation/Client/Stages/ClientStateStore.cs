using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>
/// State a client keeps across rounds (SCAFFOLD's control variate c_i) in its state directory, one file
/// per name and round, sealed to the client's own key and bound to the run, the round and the client: a
/// copied or tampered file does not open, and a file of another run or client is refused. A round reads
/// the newest state of an earlier round, so a round that runs again after the coordinator was killed
/// and resumed starts from the same state as the first time. Written atomically; a restarted client
/// picks it up.
/// </summary>
public sealed class ClientStateStore(string directory, IClientCrypto crypto, string runId)
{
    /// <summary>Rounds of history kept: the newest, and the one a repeated round would start from.</summary>
    const int Kept = 2;

    string PathOf(string name, int round) => Path.Combine(directory, $"{name}.r{round:D6}.sealed");

    /// <summary>The vector saved as <paramref name="name"/> in the newest round before <paramref name="round"/>, or null when there is none.</summary>
    /// <exception cref="ClientStateException">The file does not open (tampered, truncated) or is not this
    /// client's state of that name in this run; the message says how to recover.</exception>
    public float[]? Load(string name, int round)
    {
        var saved = Rounds(name).Where(r => r < round).DefaultIfEmpty(0).Max();
        if (saved == 0)
            return null;
        var path = PathOf(name, saved);
        StageMessage message;
        try
        {
            var opened = crypto.OpenAtRest(File.ReadAllBytes(path));
            message = StageMessageCodec.Decode(opened.Payload);
            if (message.Kind != StageMessageKind.State || message.RunId != runId || opened.RunId != runId || message.Round != saved
                || opened.Round != saved || message.Party != crypto.Identity.Id)
                throw new ClientStateException(path, $"not the round-{saved} state of run '{runId}' for '{crypto.Identity.Id}'");
        }
        catch (Exception e) when (e is FedHybrid.Crypto.CryptoException or MalformedPayloadException or IOException)
        {
            throw new ClientStateException(path, $"the sealed state does not open ({e.Message})", e);
        }
        return message.Payload.Vectors.TryGetValue(name, out var vector) ? vector
            : throw new ClientStateException(path, $"holds no '{name}'");
    }

    /// <summary>Saves <paramref name="vector"/> as the state <paramref name="round"/> ends with, and drops
    /// history no round can need.</summary>
    public void Save(string name, int round, float[] vector)
    {
        Directory.CreateDirectory(directory);
        var message = new StageMessage(StageMessageKind.State, runId, round, "", "", crypto.Identity.Id, StageConfig.Empty, StagePayload.OfVectors((name, vector)));
        var sealedBytes = crypto.SealAtRest(new EnvelopeContext(runId, round, crypto.Identity.Id), StageMessageCodec.Encode(message));
        AtomicFile.WriteAllBytes(PathOf(name, round), sealedBytes);
        foreach (var old in Rounds(name).OrderDescending().Skip(Kept))
            File.Delete(PathOf(name, old));
    }

    IEnumerable<int> Rounds(string name) => !Directory.Exists(directory) ? []
        : Directory.EnumerateFiles(directory, $"{name}.r*.sealed")
            .Select(f => Path.GetFileName(f)[(name.Length + 2)..^".sealed".Length])
            .Select(r => int.TryParse(r, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n > 0);
}
