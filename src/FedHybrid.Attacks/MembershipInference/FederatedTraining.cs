using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Partitioning;
using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.MembershipInference;

/// <summary>
/// Trains a model the way a run does, in memory and without the transport, so an attack can train a target and
/// many shadows: the project's <see cref="LocalLearner"/> on each client's iid shard, the deltas averaged as
/// FedAvg averages them (<see cref="VectorMath.WeightedAverage"/> by sample count), or under central DP clipped
/// and noised by <see cref="GaussianSumMechanism"/> with the noise stream of <see cref="CentralDpAggregation.NoiseSource"/>
/// and divided by the cohort size. The seed fixes the initial weights, the shards, the shuffling and the noise.
/// </summary>
public static class FederatedTraining
{
    /// <summary>The final global weights.</summary>
    public static float[] Train(FederatedTrainingPlan plan, LabeledImages data, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        plan.Validate();
        if (data.Count < plan.Clients)
            throw new ArgumentException($"{data.Count} examples cannot be split among {plan.Clients} clients", nameof(data));
        var shards = new IidPartitioner().Split(data.Labels, FashionMnist.ClassCount, plan.Clients, unchecked((ulong)seed)).ClientIndices
            .Select(indices => data.Subset(indices)).ToArray();
        using var learner = new LocalLearner(plan.ModelName, threads: 0, seed: seed);
        var global = learner.InitialWeights();
        for (int round = 1; round <= plan.Rounds; round++)
        {
            var deltas = new float[shards.Length][];
            for (int c = 0; c < shards.Length; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var local = plan.Local with { Seed = unchecked(seed * 7919 + round * 104729 + c) };
                deltas[c] = Learning.Parameters.ParameterVector.Delta(learner.Fit(global, shards[c], local, cancellationToken).Weights, global);
            }
            float[] mean;
            if (plan.Privacy is { } dp)
            {
                var random = CentralDpAggregation.NoiseSource(seed, round);
                mean = new GaussianSumMechanism(dp.ClipNorm, dp.NoiseMultiplier).NoisedMean(deltas, shards.Length, random);
            }
            else
            {
                mean = VectorMath.WeightedAverage(deltas, shards.Select(s => (long)s.Count).ToArray());
            }
            global = VectorMath.Add(global, mean);
        }
        return global;
    }

    /// <summary>Central DP settings for <paramref name="plan"/>'s rounds that meet <paramref name="epsilon"/> at
    /// <paramref name="delta"/> by the RDP accountant (q = 1), with what both accountants then charge.</summary>
    public static FederatedPrivacy Calibrate(int rounds, double clipNorm, double epsilon, double delta)
    {
        double sigma = NoiseCalibration.SigmaForEpsilon(epsilon, delta, 1.0, rounds);
        var (rdp, pld) = new RoundPrivacyLedger(1.0, sigma, delta).EpsilonAfter(rounds);
        return new FederatedPrivacy(clipNorm, sigma, delta, rdp, pld);
    }
}
