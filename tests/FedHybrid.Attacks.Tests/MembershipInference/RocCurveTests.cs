using FedHybrid.Attacks.MembershipInference;

namespace FedHybrid.Attacks.Tests.MembershipInference;

public sealed class RocCurveTests
{
    [Fact]
    public void SeparatedScoresGiveAucOneAndFullTprAtZeroFpr()
    {
        var roc = new RocCurve([3, 4, 5], [0, 1, 2]);
        Assert.Equal(1.0, roc.Auc());
        Assert.Equal(1.0, roc.TruePositiveRateAt(0));
    }

    [Fact]
    public void AucIsTheMannWhitneyStatisticWithTiesCountedHalf()
    {
        // Pairs (m, n): 1>0 win, 1=1 half, 1<2 loss; 3 beats all three: (1 + 0.5 + 0 + 3) / 6.
        var roc = new RocCurve([1, 3], [0, 1, 2]);
        Assert.Equal(4.5 / 6, roc.Auc(), 12);
    }

    [Fact]
    public void TprAtFprAllowsOnlyThatShareOfNonMembersAbove()
    {
        // 10 non-members 0..9; members 5.5, 8.5, 9.5, 10. At FPR 0 only scores above 9 count: 2 of 4.
        // At FPR 0.1 one non-member (9) may be above: threshold 8, so 8.5, 9.5, 10: 3 of 4.
        var roc = new RocCurve([5.5, 8.5, 9.5, 10], Enumerable.Range(0, 10).Select(i => (double)i).ToArray());
        Assert.Equal(0.5, roc.TruePositiveRateAt(0));
        Assert.Equal(0.75, roc.TruePositiveRateAt(0.1));
        Assert.Equal(0.75, roc.TruePositiveRateAt(0.15));
        Assert.Equal(1.0, roc.TruePositiveRateAt(1));
    }

    [Fact]
    public void RefusesEmptyOrNaNScores()
    {
        Assert.Throws<ArgumentException>(() => new RocCurve([], [1]));
        Assert.Throws<ArgumentException>(() => new RocCurve([double.NaN], [1]));
    }
}
