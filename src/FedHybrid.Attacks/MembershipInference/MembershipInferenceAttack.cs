using System.Globalization;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.MembershipInference;

/// <summary>
/// `fedhybrid attack membership-inference`: the config's federated training, in memory (<see cref="FederatedTraining"/>:
/// its model, clients, rounds and local SGD, under its central DP when it has one), trains a target on half of a
/// population and shadows on balanced halves; loss-threshold (Yeom et al.) and LiRA online and offline (Carlini et al.)
/// then tell members from non-members of the target. Reported: AUC and TPR at 0.1 % and 1 % FPR, and under DP the epsilon.
/// </summary>
public sealed class MembershipInferenceAttack : Attack<MembershipInferenceOptions>
{
    static readonly double[] FalsePositiveRates = [0.001, 0.01];

    public override string Name => "membership-inference";

    public override string Description =>
        "An attacker who holds the published model and can train shadow models the same way tells the target's training images from others "
        + "by loss threshold and by LiRA (online and offline); AUC and TPR at 0.1 % and 1 % FPR, with the epsilon central DP charges when the config has it.";

    /// <summary>One attack's figures: AUC, and TPR at each of <see cref="FalsePositiveRates"/> (0.1 %, 1 %).</summary>
    public sealed record AttackScore(string Attack, double Auc, double TprAt0_1PercentFpr, double TprAt1PercentFpr);

    protected override IEnumerable<OptionError> Problems(MembershipInferenceOptions options, ExperimentConfig config)
    {
        if (config.Privacy.Mechanism == PrivacyMechanism.DistributedDp)
            yield return new OptionError("privacy.mechanism", "distributed-dp is not modelled by membership-inference's in-memory training (none and central-dp are)");
        // The in-memory training averages (FedAvg): a robust rule's model would differ, so it is refused, not approximated.
        if (config.Strategy.Name != "fedavg")
            yield return new OptionError("strategy.name", $"'{config.Strategy.Name}' is not modelled by membership-inference's in-memory training, which is FedAvg (with central DP when configured)");
        if (config.Run.Clients > options.TargetMembers / 2)
            yield return new OptionError($"{AttackOptions.Path}.target_members",
                $"must give each of the {config.Run.Clients} clients at least 2 images (a shadow trains on about as many): at least {2 * config.Run.Clients}, got {options.TargetMembers}");
    }

    protected override async Task<AttackOutcome> RunAsync(AttackContext context, MembershipInferenceOptions options, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var data = await AttackData.LoadAsync(config, context.Simulation.DataDirectory, cancellationToken).ConfigureAwait(false);
        int pool = 2 * options.TargetMembers;
        if (pool > data.Train.Count)
            throw new InvalidOperationException($"a population of {pool} images (2 x target_members) needs more than the {data.Train.Count} training images of the data");
        var privacy = Privacy(config);
        var plan = new FederatedTrainingPlan(config.Model.Name, config.Run.Clients, config.Run.Rounds,
            new TrainingOptions(config.Training.LocalEpochs, config.Training.BatchSize, config.Training.LearningRate, config.Training.Momentum, config.Training.WeightDecay),
            privacy);
        var random = new Random(options.Seed);
        var population = data.Train.Subset(Enumerable.Range(0, data.Train.Count).OrderBy(_ => random.Next()).Take(pool).ToArray());
        var isMember = Enumerable.Range(0, pool).Select(i => i % 2 == 0).OrderBy(_ => random.Next()).ToArray();
        // Carlini et al.'s design: each image is IN exactly half of the shadows, so each has IN and OUT fits.
        var inShadow = Enumerable.Range(0, pool).Select(_ => Enumerable.Range(0, options.Shadows).Select(k => k % 2 == 0).OrderBy(_ => random.Next()).ToArray()).ToArray();

        context.Log($"membership-inference: training the target on {options.TargetMembers} of {pool} images ({plan.Clients} clients, {plan.Rounds} rounds"
            + (privacy is null ? "" : $", central DP sigma {privacy.NoiseMultiplier:0.####}") + ")");
        var target = ExampleOutputs.Of(plan.ModelName, Train(plan, Members(population, isMember), options.Seed, cancellationToken), population);
        var shadows = new List<ExampleOutputs>();
        var shadowMembership = new List<bool[]>();
        for (int k = 0; k < options.Shadows; k++)
        {
            context.Log($"membership-inference: shadow {k + 1} of {options.Shadows}");
            var membership = Enumerable.Range(0, pool).Select(i => inShadow[i][k]).ToArray();
            shadowMembership.Add(membership);
            var weights = Train(plan, Members(population, membership), unchecked(options.Seed * 7919 + 1000 + k), cancellationToken);
            shadows.Add(ExampleOutputs.Of(plan.ModelName, weights, population));
        }
        var lira = LikelihoodRatioAttack.Score(target, shadows, shadowMembership);
        var scores = new[]
        {
            Score("loss-threshold", LossThresholdAttack.Scores(target), isMember),
            Score("lira-online", lira.Online ?? throw new InvalidOperationException("LiRA online needs IN shadows for every image"), isMember),
            Score("lira-offline", lira.Offline, isMember),
        };
        double meanMemberLoss = Mean(target.Loss, isMember, true), meanNonMemberLoss = Mean(target.Loss, isMember, false);
        var metrics = new
        {
            Model = plan.ModelName,
            plan.Clients,
            plan.Rounds,
            Members = options.TargetMembers,
            NonMembers = pool - options.TargetMembers,
            // With n non-members an FPR below 1/n allows no false positive at all.
            SmallestFprResolved = 1.0 / (pool - options.TargetMembers),
            MeanMemberLoss = meanMemberLoss,
            MeanNonMemberLoss = meanNonMemberLoss,
            Attacks = scores,
            Privacy = privacy,
            SecureAggregationNote = config.SecureAggregation.Enabled
                ? "secure aggregation hides updates, not the published model: the models are trained without its quantization"
                : null,
        };
        var rows = scores.Select(s => (IReadOnlyList<string>)[s.Attack, F(s.Auc, "0.000"), Percent(s.TprAt0_1PercentFpr), Percent(s.TprAt1PercentFpr)]).ToList();
        var table = new AttackTable(["attack", "AUC", "TPR at 0.1 % FPR", "TPR at 1 % FPR"], rows);
        var headline = $"membership-inference on {plan.ModelName} ({options.TargetMembers} members, {options.Shadows} shadows): "
            + string.Join("; ", scores.Select(s => $"{s.Attack} AUC {F(s.Auc, "0.000")}, TPR@1%FPR {Percent(s.TprAt1PercentFpr)}"))
            + (privacy is null ? "; no DP" : $"; central DP epsilon {F(privacy.EpsilonRdp, "0.##")} (RDP), {F(privacy.EpsilonPld, "0.##")} (PLD) at delta {privacy.Delta:G3}");
        return new AttackOutcome(metrics, table, [], headline);
    }

    /// <summary>The config's central DP as the in-memory training applies it (every client every round, q = 1), with the
    /// epsilon both accountants charge; null without DP.</summary>
    static FederatedPrivacy? Privacy(ExperimentConfig config)
    {
        var p = config.Privacy;
        if (p.Mechanism != PrivacyMechanism.CentralDp)
            return null;
        if (p.TargetEpsilon is { } epsilon && p.NoiseMultiplier is null)
            return FederatedTraining.Calibrate(config.Run.Rounds, p.ClipNorm, epsilon, p.Delta);
        double sigma = p.NoiseMultiplierInUse() ?? throw new InvalidOperationException("central-dp has neither noise_multiplier nor target_epsilon");
        var (rdp, pld) = new RoundPrivacyLedger(1.0, sigma, p.Delta).EpsilonAfter(config.Run.Rounds);
        return new FederatedPrivacy(p.ClipNorm, sigma, p.Delta, rdp, pld);
    }

    static float[] Train(FederatedTrainingPlan plan, LabeledImages members, int seed, CancellationToken cancellationToken)
    {
        try
        {
            return FederatedTraining.Train(plan, members, seed, cancellationToken);
        }
        catch (ArgumentException e) when (plan.Privacy is { } dp)
        {
            // The noise on the mean (sigma S / clients per weight) can drive local training to infinity in a later round.
            var noise = (dp.NoiseMultiplier * dp.ClipNorm / plan.Clients).ToString("0.####", CultureInfo.InvariantCulture);
            throw new InvalidOperationException($"training diverged under central DP (noise sigma S / clients = {noise} per weight on the mean): {e.Message}; "
                + "give more clients, a smaller clip norm or learning rate, or a larger epsilon", e);
        }
    }

    static LabeledImages Members(LabeledImages population, bool[] membership) =>
        population.Subset(Enumerable.Range(0, population.Count).Where(i => membership[i]).ToArray());

    static AttackScore Score(string attack, double[] scores, bool[] isMember)
    {
        var roc = new RocCurve(
            Enumerable.Range(0, scores.Length).Where(i => isMember[i]).Select(i => scores[i]).ToArray(),
            Enumerable.Range(0, scores.Length).Where(i => !isMember[i]).Select(i => scores[i]).ToArray());
        return new AttackScore(attack, roc.Auc(), roc.TruePositiveRateAt(FalsePositiveRates[0]), roc.TruePositiveRateAt(FalsePositiveRates[1]));
    }

    static double Mean(double[] values, bool[] isMember, bool member) =>
        Enumerable.Range(0, values.Length).Where(i => isMember[i] == member).Average(i => values[i]);

    static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    static string Percent(double value) => value.ToString("0.0 %", CultureInfo.InvariantCulture);
}
