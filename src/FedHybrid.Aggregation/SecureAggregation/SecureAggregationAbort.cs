namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>The typed reason a round aborts: what failed, for which client, how many shares (or
/// survivors) were available against the threshold. <see cref="Message"/> is the sentence for logs and
/// <c>metrics.csv</c>.</summary>
public sealed record SecureAggregationAbort(AbortKind Kind, int Client, int Available, int Threshold)
{
    public string Message => Kind switch
    {
        AbortKind.TooFewSurvivors => $"only {Available} client(s) sent a masked input, fewer than the threshold t = {Threshold}",
        AbortKind.SelfMaskUnrecoverable =>
            $"client {Client} survived but only {Available} of its neighbours answered the unmask request, fewer than t = {Threshold}: its self mask cannot be removed",
        AbortKind.PairwiseSecretUnrecoverable =>
            $"client {Client} dropped after sharing keys but only {Available} of its neighbours answered the unmask request, fewer than t = {Threshold}: its pairwise masks cannot be removed",
        _ => Kind.ToString(),
    };
}
