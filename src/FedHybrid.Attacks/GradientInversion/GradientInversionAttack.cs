using System.Globalization;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Attacks.ImageQuality;
using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>
/// `fedhybrid attack gradient-inversion`: a curious coordinator inverts what it holds of a victim's round-1 update
/// (<see cref="GradientInverter"/>, labels by <see cref="LabelInference"/>) for each batch size: the plain update, and
/// under the config's defences the secure-aggregation sum or the central-DP noised sum of the cohort
/// (<see cref="DefendedUpdates"/>), each read as a mean gradient. Every original is scored against its best-matching
/// reconstruction (PSNR, SSIM), and the pairs are drawn into inversion-batch-B.png.
/// </summary>
public sealed class GradientInversionAttack : Attack<GradientInversionOptions>
{
    public override string Name => "gradient-inversion";

    public override string Description =>
        "A curious coordinator reconstructs a victim's training images from its round-1 update (DLG/iDLG or Inverting Gradients) for each batch size, "
        + "from the plain update and from what the config's secure aggregation (the cohort's sum) or central DP (the noised sum) leaves it; PSNR and SSIM of each original against its best reconstruction.";

    /// <summary>One view the attacker inverts: what it is, and in words, what it holds.</summary>
    sealed record View(CoordinatorView Kind, string Defence);

    /// <summary>One inversion's scores: means over the victim's images, each against its best-matching reconstruction.</summary>
    public sealed record BatchResult(int BatchSize, CoordinatorView View, string Defence, int Cohort, double MeanPsnr, double MeanSsim, double BestPsnr,
        int LabelsRight, double FinalObjective, int Evaluations, double Seconds);

    protected override IEnumerable<OptionError> Problems(GradientInversionOptions options, ExperimentConfig config)
    {
        for (int i = 0; i < options.BatchSizes.Length; i++)
            if (options.BatchSizes[i] is < 1 or > GradientInversionOptions.MaxBatchSize)
                yield return new OptionError($"{AttackOptions.Path}.batch_sizes[{i}]", $"must be in [1, {GradientInversionOptions.MaxBatchSize}], got {options.BatchSizes[i]}");
        if (options.BatchSizes.Distinct().Count() != options.BatchSizes.Length)
            yield return new OptionError($"{AttackOptions.Path}.batch_sizes", "lists a batch size twice");
    }

    protected override async Task<AttackOutcome> RunAsync(AttackContext context, GradientInversionOptions options, CancellationToken cancellationToken)
    {
        var config = PrivacySetup.Calibrate(context.Config); // a target epsilon's sigma, as the run would use
        var data = await AttackData.LoadAsync(config, context.Simulation.DataDirectory, cancellationToken).ConfigureAwait(false);
        var views = Views(config);
        int cohort = PrivacySetup.Cohort(config);
        int needed = cohort * options.BatchSizes.Max();
        if (needed > data.Train.Count)
            throw new InvalidOperationException($"the cohort of {cohort} needs {needed} distinct training images; the data has {data.Train.Count}");
        double lr = config.Training.LearningRate;
        using var learner = new LocalLearner(config.Model.Name, threads: 1, seed: options.Seed);
        var weights = learner.InitialWeights();
        using var inverter = new GradientInverter(config.Model.Name, weights);
        var random = new Random(options.Seed);
        var results = new List<BatchResult>();
        var images = new List<string>();
        foreach (int batchSize in options.BatchSizes)
        {
            context.Log($"gradient-inversion: batch size {batchSize}, {options.LocalSteps} local step(s), {string.Join(", ", views.Select(v => v.Kind))}");
            var order = Enumerable.Range(0, data.Train.Count).OrderBy(_ => random.Next()).ToArray();
            var batches = Enumerable.Range(0, cohort).Select(k => data.Train.Subset(order.AsSpan(k * batchSize, batchSize))).ToArray();
            var updates = batches.Select((b, k) => Update(learner, weights, b, config.Training, options, k, cancellationToken)).ToArray();
            var originals = Images(batches[0].Pixels, batchSize);
            var figureRows = new List<IReadOnlyList<GrayImage>> { originals };
            foreach (var view in views)
            {
                var observed = Observe(view.Kind, updates, config, options.Seed);
                // What the attacker inverts: the mean gradient the observed (mean) update stands for, -update / (lr * steps).
                var gradient = observed.Select(u => (float)(-u / (lr * options.LocalSteps))).ToArray();
                var labels = LabelInference.FromGradient(gradient, inverter.Layout, batchSize);
                var inversion = inverter.Invert(gradient, labels, InversionSettings(options), cancellationToken);
                var reconstructed = Images(inversion.Pixels, batchSize);
                var matched = originals.Select(o => reconstructed.MaxBy(r => Psnr.Of(o, r))!).ToArray();
                var psnr = originals.Select((o, i) => Psnr.Of(o, matched[i])).ToArray();
                var ssim = originals.Select((o, i) => Ssim.Of(o, matched[i])).ToArray();
                results.Add(new BatchResult(batchSize, view.Kind, view.Defence, view.Kind == CoordinatorView.VictimUpdate ? 1 : cohort, psnr.Average(), ssim.Average(), psnr.Max(),
                    LabelsRight(batches[0].Labels, labels), inversion.FinalObjective, inversion.Evaluations, inversion.Seconds));
                figureRows.Add(matched);
                context.Log($"gradient-inversion: batch {batchSize}, {view.Kind}: PSNR {psnr.Average():0.00} dB, SSIM {ssim.Average():0.0000}");
            }
            var file = $"inversion-batch-{batchSize}.png";
            InversionFigure.Write(context.FileInFolder(file), $"batch {batchSize}, rows: original, {string.Join(", ", views.Select(v => Label(v.Kind)))}", figureRows);
            images.Add(file);
        }
        var metrics = new
        {
            Model = config.Model.Name,
            options.Method,
            LearningRate = lr,
            config.Training.Momentum,
            Cohort = cohort,
            Results = results,
        };
        var table = new AttackTable(["batch", "what the coordinator inverts", "cohort", "PSNR (dB)", "SSIM", "best PSNR (dB)", "labels right"],
            results.Select(r => (IReadOnlyList<string>)
            [
                Invariant(r.BatchSize), r.Defence, Invariant(r.Cohort), Figure(r.MeanPsnr, "0.00"), Figure(r.MeanSsim, "0.0000"), Figure(r.BestPsnr, "0.00"),
                $"{r.LabelsRight}/{r.BatchSize}",
            ]).ToArray());
        var headline = "gradient-inversion (" + MethodName(options.Method) + ", " + config.Model.Name + "): " + string.Join("; ", results.Select(r =>
            $"batch {r.BatchSize} {Label(r.View)} PSNR {Figure(r.MeanPsnr, "0.00")} dB SSIM {Figure(r.MeanSsim, "0.000")}"));
        return new AttackOutcome(metrics, table, images, headline);
    }

    static IReadOnlyList<View> Views(ExperimentConfig config)
    {
        var views = new List<View> { new(CoordinatorView.VictimUpdate, "the victim's update (no aggregation defence; sealing protects it in transit only)") };
        if (config.SecureAggregation.Enabled)
            views.Add(new(CoordinatorView.SecureSum, "secure aggregation: the cohort's quantized sum, as a mean"
                + (config.Privacy.Mechanism == PrivacyMechanism.DistributedDp ? " (distributed DP's discrete noise not added: what the sum leaks at most)" : "")));
        if (config.Privacy.Mechanism == PrivacyMechanism.CentralDp)
            views.Add(new(CoordinatorView.NoisedSum, string.Create(CultureInfo.InvariantCulture,
                $"central DP: the cohort's updates clipped to {config.Privacy.ClipNorm}, summed, noised at sigma {config.Privacy.NoiseMultiplierInUse():0.####}, as a mean")));
        return views;
    }

    static float[] Observe(CoordinatorView view, float[][] updates, ExperimentConfig config, int seed)
    {
        var sum = view switch
        {
            CoordinatorView.VictimUpdate => null,
            CoordinatorView.SecureSum => DefendedUpdates.SecureSum(updates, config.SecureAggregation.ToOptions(config.Run.Clients).Quantization(), seed),
            CoordinatorView.NoisedSum => DefendedUpdates.NoisedSum(updates, config.Privacy.ClipNorm, config.Privacy.NoiseMultiplierInUse()!.Value, seed),
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, "not a view this attack inverts"),
        };
        return sum is null ? updates[0] : sum.Select(v => v / updates.Length).ToArray();
    }

    static float[] Update(LocalLearner learner, float[] weights, LabeledImages batch, TrainingSection training, GradientInversionOptions options, int member, CancellationToken cancellationToken)
    {
        // Full-batch steps: each local step is one SGD step on the whole batch, as in the attacks' papers.
        var local = new TrainingOptions(Epochs: options.LocalSteps, BatchSize: batch.Count, LearningRate: training.LearningRate, Momentum: training.Momentum,
            WeightDecay: training.WeightDecay, Seed: unchecked(options.Seed * 31 + member));
        return ParameterVector.Delta(learner.Fit(weights, batch, local, cancellationToken).Weights, weights);
    }

    static InversionOptions InversionSettings(GradientInversionOptions options) => options.Method == InversionMethod.Dlg
        ? InversionOptions.Dlg(options.Iterations, options.Seed)
        : InversionOptions.InvertingGradients(options.Iterations, options.Seed);

    static GrayImage[] Images(float[] standardized, int count)
    {
        int side = ModelFactory.ImageSide, size = side * side;
        return Enumerable.Range(0, count)
            .Select(i => GrayImage.FromStandardized(standardized.AsSpan(i * size, size), side, side, Normalization.Mean, Normalization.StdDev)).ToArray();
    }

    /// <summary>How many inferred labels the batch really holds (as multisets).</summary>
    static int LabelsRight(byte[] truth, int[] inferred)
    {
        var left = truth.GroupBy(l => (int)l).ToDictionary(g => g.Key, g => g.Count());
        int right = 0;
        foreach (var label in inferred)
            if (left.TryGetValue(label, out int n) && n > 0)
                (left[label], right) = (n - 1, right + 1);
        return right;
    }

    static string Label(CoordinatorView view) => view switch
    {
        CoordinatorView.VictimUpdate => "plain update",
        CoordinatorView.SecureSum => "secure sum",
        CoordinatorView.NoisedSum => "DP noised sum",
        _ => view.ToString(),
    };

    static string MethodName(InversionMethod method) => method == InversionMethod.Dlg ? "DLG" : "Inverting Gradients";

    static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    static string Figure(double value, string format) => double.IsPositiveInfinity(value) ? "∞" : value.ToString(format, CultureInfo.InvariantCulture);
}
