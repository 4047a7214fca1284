using FedHybrid.Attacks.MembershipInference;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.Tests.MembershipInference;

/// <summary>Both attacks on a deliberately overfit mlp2nn (100 training images, 30 local epochs) find members; on a
/// control whose "members" the target never saw (it trained on other images) they find nothing. Fixed seeds: the
/// figures are the same every run (measured: loss 0.719, LiRA online 0.908, offline 0.867; control 0.469, 0.509, 0.523); the bounds leave several standard errors of the AUC (about 0.04 at 100 + 100).</summary>
public sealed class MembershipAttackTests
{
    const int Pool = 200, Shadows = 8;
    static readonly FederatedTrainingPlan Overfit = new("mlp2nn", Clients: 1, Rounds: 1, new TrainingOptions(Epochs: 30, BatchSize: 20, LearningRate: 0.05));

    static (double LossAuc, double LiraAuc, double OfflineAuc) Run(bool control)
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(11);
        var indices = Enumerable.Range(0, BundledData.Train.Count).OrderBy(_ => random.Next()).ToArray();
        var pool = BundledData.Train.Subset(indices.AsSpan(0, Pool));
        var outside = BundledData.Train.Subset(indices.AsSpan(Pool, Pool / 2));
        var isMember = Enumerable.Range(0, Pool).Select(i => i % 2 == 0).OrderBy(_ => random.Next()).ToArray();
        LabeledImages Members(bool[] membership) => pool.Subset(Enumerable.Range(0, Pool).Where(i => membership[i]).ToArray());

        var target = FederatedTraining.Train(Overfit, control ? outside : Members(isMember), seed: 1, ct);
        var targetOutputs = ExampleOutputs.Of("mlp2nn", target, pool);
        var shadowOutputs = new List<ExampleOutputs>();
        var shadowMembership = new List<bool[]>();
        // Carlini et al.'s design: each example is IN exactly half of the shadows, so each has IN and OUT fits.
        var inShadow = Enumerable.Range(0, Pool).Select(_ => Enumerable.Range(0, Shadows).Select(k => k % 2 == 0).OrderBy(_ => random.Next()).ToArray()).ToArray();
        for (int k = 0; k < Shadows; k++)
        {
            var membership = Enumerable.Range(0, Pool).Select(i => inShadow[i][k]).ToArray();
            shadowMembership.Add(membership);
            shadowOutputs.Add(ExampleOutputs.Of("mlp2nn", FederatedTraining.Train(Overfit, Members(membership), seed: 100 + k, ct), pool));
        }
        var lira = LikelihoodRatioAttack.Score(targetOutputs, shadowOutputs, shadowMembership);
        double Auc(double[] scores) => new RocCurve(
            Enumerable.Range(0, Pool).Where(i => isMember[i]).Select(i => scores[i]).ToArray(),
            Enumerable.Range(0, Pool).Where(i => !isMember[i]).Select(i => scores[i]).ToArray()).Auc();
        var result = (Auc(LossThresholdAttack.Scores(targetOutputs)), Auc(lira.Online!), Auc(lira.Offline));
        TestContext.Current.TestOutputHelper?.WriteLine($"control={control}: loss AUC {result.Item1:F3}, LiRA online {result.Item2:F3}, offline {result.Item3:F3}");
        return result;
    }

    [Fact]
    public void FindMembersOfAnOverfitModel()
    {
        var (loss, lira, offline) = Run(control: false);
        Assert.True(loss > 0.65, $"loss-threshold AUC {loss:F3}");
        Assert.True(lira > 0.8, $"LiRA online AUC {lira:F3}");
        Assert.True(offline > 0.75, $"LiRA offline AUC {offline:F3}");
    }

    [Fact]
    public void FindNothingWhenTheMembershipLabelsAreRandom()
    {
        var (loss, lira, offline) = Run(control: true);
        Assert.InRange(loss, 0.38, 0.62);
        Assert.InRange(lira, 0.38, 0.62);
        Assert.InRange(offline, 0.38, 0.62);
    }
}
