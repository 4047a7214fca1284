namespace FedHybrid.Attacks.MembershipInference;

/// <summary>
/// How well a score separates members (positives) from non-members: the area under the ROC curve (the
/// Mann-Whitney statistic, ties counted one half) and the true-positive rate at a fixed false-positive rate, the
/// figure Carlini et al. (S&amp;P 2022) argue for. A higher score means "member".
/// </summary>
public sealed class RocCurve
{
    readonly double[] members, nonMembers;

    public RocCurve(IReadOnlyList<double> memberScores, IReadOnlyList<double> nonMemberScores)
    {
        ArgumentNullException.ThrowIfNull(memberScores);
        ArgumentNullException.ThrowIfNull(nonMemberScores);
        if (memberScores.Count == 0 || nonMemberScores.Count == 0)
            throw new ArgumentException("a ROC curve needs at least one member and one non-member score");
        if (memberScores.Concat(nonMemberScores).Any(double.IsNaN))
            throw new ArgumentException("a score is NaN");
        members = memberScores.Order().ToArray();
        nonMembers = nonMemberScores.Order().ToArray();
    }

    public int Members => members.Length;

    public int NonMembers => nonMembers.Length;

    /// <summary>P(member score &gt; non-member score) + P(equal) / 2.</summary>
    public double Auc()
    {
        // For each member, count non-members strictly below and equal, by merging the sorted lists.
        double wins = 0;
        int below = 0, equalEnd = 0;
        foreach (var m in members)
        {
            while (below < nonMembers.Length && nonMembers[below] < m) below++;
            if (equalEnd < below) equalEnd = below;
            while (equalEnd < nonMembers.Length && nonMembers[equalEnd] == m) equalEnd++;
            wins += below + 0.5 * (equalEnd - below);
        }
        return wins / ((double)members.Length * nonMembers.Length);
    }

    /// <summary>The largest TPR of a threshold rule "member when score &gt; t" whose FPR is at most
    /// <paramref name="falsePositiveRate"/>. With n non-members, FPRs below 1/n allow no false positive at all.</summary>
    public double TruePositiveRateAt(double falsePositiveRate)
    {
        if (!(falsePositiveRate >= 0 && falsePositiveRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "must be in [0, 1]");
        int allowed = (int)Math.Floor(falsePositiveRate * nonMembers.Length + 1e-9);
        // The threshold is the (allowed+1)-th largest non-member score: strictly above it, at most `allowed` non-members.
        double threshold = allowed >= nonMembers.Length ? double.NegativeInfinity : nonMembers[nonMembers.Length - 1 - allowed];
        int above = members.Length - UpperBound(members, threshold);
        return (double)above / members.Length;
    }

    // First index whose value is greater than `value`.
    static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
