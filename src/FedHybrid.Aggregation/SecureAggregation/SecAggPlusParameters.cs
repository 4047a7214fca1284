using System.Globalization;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>The SecAgg+ graph parameters for one cohort: n clients, each masking with k neighbours and
/// splitting its secrets t-of-k among them. Valid when 1 &lt;= k &lt;= n - 1 (k even, or n even, so a
/// k-regular graph exists) and k/2 &lt; t &lt;= k. The lower bound on t is Bonawitz et al.'s t &gt; n/2
/// applied per neighbourhood: a server that tells half of a client's neighbours it survived and the other
/// half it dropped must not collect t shares of both its self-mask seed and its key.</summary>
public sealed record SecAggPlusParameters
{
    /// <summary>Clients n in the cohort.</summary>
    public int CohortSize { get; }

    /// <summary>Neighbours k per client.</summary>
    public int Neighbours { get; }

    /// <summary>Shares t needed to reconstruct a client's secret.</summary>
    public int Threshold { get; }

    SecAggPlusParameters(int cohortSize, int neighbours, int threshold) =>
        (CohortSize, Neighbours, Threshold) = (cohortSize, neighbours, threshold);

    /// <summary>An explicit (override) choice, validated.</summary>
    /// <exception cref="SecureAggregationParameterException">n &lt; 2, k out of 1..n-1, k odd with n odd, or t
    /// outside k/2 &lt; t &lt;= k.</exception>
    public static SecAggPlusParameters Create(int cohortSize, int neighbours, int threshold)
    {
        CheckGraph(cohortSize, neighbours);
        if (threshold > neighbours)
            throw new SecureAggregationParameterException(nameof(threshold),
                $"{threshold} is not allowed; shares go to the k = {neighbours} neighbours, so t <= k");
        if (2 * threshold <= neighbours)
            throw new SecureAggregationParameterException(nameof(threshold),
                $"{threshold} is not allowed; t must exceed k/2 = {neighbours / 2.0:0.#} (k = {neighbours}), or a server " +
                "sending inconsistent dropout views could collect both a client's self-mask shares and its key shares");
        return new SecAggPlusParameters(cohortSize, neighbours, threshold);
    }

    /// <summary>The smallest k (and for it the smallest t) meeting, for a cohort of n with at most a
    /// fraction <paramref name="dropoutFraction"/> dropping and a fraction <paramref name="corruptFraction"/>
    /// colluding with the server, the two per-neighbourhood conditions of Bell et al.'s analysis (CCS 2020,
    /// ePrint 2020/704, section 3): (security) the probability that some client has t or more corrupt
    /// neighbours is at most 2^-sigma, and (correctness) the probability that some surviving client has
    /// fewer than t surviving neighbours is at most 2^-eta. Both are computed exactly for the relabelled
    /// Harary graph, where a client's neighbourhood is a uniform k-subset of the n - 1 others (a
    /// hypergeometric count), with a union bound over the n clients; Bell et al. use sigma = 40, eta = 30.
    /// When no even k &lt; n - 1 (up to <see cref="MaxSparseDegree"/>) meets them, the complete graph (Bonawitz et al.) is tried.</summary>
    /// <exception cref="SecureAggregationParameterException">A fraction is outside [0, 0.5), a bit count
    /// outside 1..128, n &lt; 2, or no k meets both conditions for this n (the message says which failed).</exception>
    public static SecAggPlusParameters Choose(int cohortSize, double dropoutFraction = 0.3, double corruptFraction = 0.1,
        int securityBits = 40, int correctnessBits = 30)
    {
        if (cohortSize < 2)
            throw new SecureAggregationParameterException(nameof(cohortSize), $"{cohortSize} is not allowed; secure aggregation needs at least 2 clients");
        CheckFraction(dropoutFraction, nameof(dropoutFraction));
        CheckFraction(corruptFraction, nameof(corruptFraction));
        CheckBits(securityBits, nameof(securityBits));
        CheckBits(correctnessBits, nameof(correctnessBits));
        int n = cohortSize, others = n - 1;
        int dropped = Math.Min(others, (int)Math.Ceiling(dropoutFraction * n));
        int corrupt = Math.Min(others, (int)Math.Ceiling(corruptFraction * n));
        // Per-client failure budgets after the union bound over n clients, in natural logs.
        double securityBudget = -securityBits * Math.Log(2) - Math.Log(n);
        double correctnessBudget = -correctnessBits * Math.Log(2) - Math.Log(n);
        var logFactorial = LogFactorials(others);
        string lastFailure = "";
        foreach (int k in CandidateDegrees(others))
        {
            var corruptTail = UpperTails(others, corrupt, k, logFactorial);
            var droppedTail = UpperTails(others, dropped, k, logFactorial);
            int t = k / 2 + 1;
            while (t <= k && corruptTail[t] > securityBudget)
                t++;
            if (t > k)
            {
                lastFailure = $"at k = {k} even t = k leaves P(some client has t corrupt neighbours) above 2^-{securityBits}";
                continue;
            }
            // A surviving client has fewer than t surviving neighbours when k - t + 1 or more dropped.
            if (droppedTail[k - t + 1] <= correctnessBudget)
                return new SecAggPlusParameters(n, k, t);
            lastFailure = $"at k = {k}, t = {t} (the least t that is secure) leaves P(some client has fewer than t surviving neighbours) above 2^-{correctnessBits}";
        }
        string fractions = string.Create(CultureInfo.InvariantCulture, $"dropout fraction {dropoutFraction}, corrupt fraction {corruptFraction}");
        throw new SecureAggregationParameterException(nameof(cohortSize),
            $"no k <= {others} meets both conditions for n = {n}, {fractions}: {lastFailure}; " +
            "lower the fractions or the bits, or set k and t explicitly");
    }

    /// <summary>Even k below n - 1 up to <see cref="MaxSparseDegree"/> (a regular graph exists for any n),
    /// then the complete graph k = n - 1.</summary>
    static IEnumerable<int> CandidateDegrees(int others)
    {
        for (int k = 2; k < others && k <= MaxSparseDegree; k += 2)
            yield return k;
        yield return others;
    }

    /// <summary>Largest sparse k <see cref="Choose"/> tries before the complete graph; Bell et al.'s k is
    /// O(log n), far below this for any cohort this simulator runs.</summary>
    public const int MaxSparseDegree = 2048;

    /// <summary>k in 1..n-1, and not odd with n odd.</summary>
    internal static void CheckGraph(int cohortSize, int neighbours)
    {
        if (cohortSize < 2)
            throw new SecureAggregationParameterException(nameof(cohortSize), $"{cohortSize} is not allowed; secure aggregation needs at least 2 clients");
        if (neighbours < 1 || neighbours > cohortSize - 1)
            throw new SecureAggregationParameterException(nameof(neighbours),
                $"{neighbours} is not allowed; each of n = {cohortSize} clients has 1..n-1 = {cohortSize - 1} neighbours");
        if (neighbours % 2 == 1 && cohortSize % 2 == 1)
            throw new SecureAggregationParameterException(nameof(neighbours),
                $"{neighbours} is not allowed with n = {cohortSize}: no k-regular graph has odd k and odd n; use an even k");
    }

    static void CheckFraction(double value, string name)
    {
        if (!(value >= 0 && value < 0.5))
            throw new SecureAggregationParameterException(name,
                $"{value.ToString(CultureInfo.InvariantCulture)} is not allowed; the fraction must be in [0, 0.5) (with t > k/2, half or more cannot be tolerated)");
    }

    static void CheckBits(int value, string name)
    {
        if (value is < 1 or > 128)
            throw new SecureAggregationParameterException(name, $"{value} is not allowed; use 1..128 bits");
    }

    /// <summary>log(i!) for i = 0..max.</summary>
    static double[] LogFactorials(int max)
    {
        var table = new double[max + 1];
        for (int i = 1; i <= max; i++)
            table[i] = table[i - 1] + Math.Log(i);
        return table;
    }

    /// <summary>tail[a] = log P(X &gt;= a) for X hypergeometric (population, successes, draws), a = 0..draws+1
    /// (tail[draws + 1] = -infinity).</summary>
    static double[] UpperTails(int population, int successes, int draws, double[] logFactorial)
    {
        double LogChoose(int a, int b) => b < 0 || b > a ? double.NegativeInfinity : logFactorial[a] - logFactorial[b] - logFactorial[a - b];
        var tail = new double[draws + 2];
        tail[draws + 1] = double.NegativeInfinity;
        double denominator = LogChoose(population, draws);
        for (int x = draws; x >= 0; x--)
        {
            double term = LogChoose(successes, x) + LogChoose(population - successes, draws - x) - denominator;
            tail[x] = LogAdd(tail[x + 1], term);
        }
        return tail;
    }

    static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double hi = Math.Max(a, b), lo = Math.Min(a, b);
        return hi + Math.Log(1 + Math.Exp(lo - hi));
    }
}
