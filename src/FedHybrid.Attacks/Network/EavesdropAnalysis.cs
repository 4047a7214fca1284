namespace FedHybrid.Attacks.Network;

/// <summary>Scores recovered updates against the true ones (<see cref="EavesdropResult"/> defines the measures).</summary>
public static class EavesdropAnalysis
{
    /// <summary>The relative tolerance of <see cref="EavesdropResult.ToleranceFraction"/>: 0.1 %.</summary>
    public const double DefaultRelativeTolerance = 1e-3;

    /// <param name="truth">The true delta of each (client, round).</param>
    public static EavesdropResult Score(string suite, IReadOnlyList<RecoveredUpdate> recovered, IReadOnlyDictionary<(string ClientId, int Round), float[]> truth,
        double relativeTolerance = DefaultRelativeTolerance)
    {
        var guesses = recovered.GroupBy(r => (r.ClientId, r.Round)).ToDictionary(g => g.Key, g => g.First().Delta);
        long compared = 0, exact = 0, close = 0;
        foreach (var (key, real) in truth)
        {
            compared += real.Length;
            var guess = guesses.GetValueOrDefault(key) ?? [];
            for (int i = 0; i < Math.Min(real.Length, guess.Length); i++)
            {
                if (BitConverter.SingleToInt32Bits(guess[i]) == BitConverter.SingleToInt32Bits(real[i]))
                    exact++;
                if (Math.Abs((double)guess[i] - real[i]) <= relativeTolerance * Math.Abs((double)real[i]))
                    close++;
            }
        }
        var parsed = recovered.Where(r => r.Layout is not null).ToArray();
        return new EavesdropResult(suite, recovered.Count, parsed.Length, recovered.Count(r => r.Decoded), compared, exact, close, relativeTolerance,
            ByteStatistics.Of(Bodies(recovered)), Leaks(parsed));
    }

    /// <summary>Each decoded update as the truth: what a plaintext (suite none) capture gives.</summary>
    public static IReadOnlyDictionary<(string ClientId, int Round), float[]> Truth(IReadOnlyList<RecoveredUpdate> plaintext) =>
        plaintext.Where(r => r.Decoded).GroupBy(r => (r.ClientId, r.Round)).ToDictionary(g => g.Key, g => g.First().Delta);

    static IEnumerable<ReadOnlyMemory<byte>> Bodies(IReadOnlyList<RecoveredUpdate> recovered) => recovered.Select(r => r.Body);

    static IReadOnlyList<string> Leaks(IReadOnlyList<RecoveredUpdate> parsed)
    {
        if (parsed.Count == 0)
            return [];
        var l = parsed[0].Layout!;
        return
        [
            $"suite byte {l.Suite}, signature algorithm {l.SignatureAlgorithm}",
            $"run id '{l.RunId}'",
            $"sender id '{l.SenderId}', recipients {string.Join(",", l.Recipients.Select(r => $"'{r}'"))}",
            $"round {l.Round}",
            $"plaintext length {l.PlaintextLength} bytes (hence the model's size)",
            $"envelope id {l.EnvelopeId} (links retransmissions)",
        ];
    }
}
