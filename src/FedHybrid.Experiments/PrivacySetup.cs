using System.Globalization;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Models;

namespace FedHybrid.Experiments;

/// <summary>Turns a config's privacy section into what a run uses: the σ calibrated for a target epsilon, and the
/// aggregation a mean-delta strategy computes its mean with.</summary>
public static class PrivacySetup
{
    /// <summary>How many clients a round instructs: ClientSelector's sample size from run.clients.</summary>
    public static int Cohort(ExperimentConfig config) =>
        ClientSelector.SampleSize(config.Run.Clients, config.Strategy.Options.FractionFit, config.Strategy.Options.MinFitClients);

    /// <summary>q, the fraction of the clients a round samples (what each round is charged at).</summary>
    public static double SamplingRate(ExperimentConfig config) => (double)Cohort(config) / config.Run.Clients;

    /// <summary>The config with <see cref="PrivacySection.CalibratedNoiseMultiplier"/> set when central or distributed DP has
    /// a target epsilon: the smallest multiplier (to 0.1 %) whose RDP epsilon after run.rounds rounds at q is at most the
    /// target. Distributed DP's multiplier, given or calibrated, is checked against the model's size and the ring.</summary>
    /// <exception cref="ConfigException">No multiplier meets the target, a calibrated one given differs from the calibration,
    /// adaptive clipping's count noise is too small for the σ found, or the ring cannot carry distributed DP's encoding.</exception>
    public static ExperimentConfig Calibrate(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Distributed DP's charge and encoding depend on the model's size: counted once (building the model) for both uses.
        int? length = config.Privacy.Mechanism == PrivacyMechanism.DistributedDp ? ModelFactory.ParameterCount(config.Model.Name) : null;
        var calibrated = CalibrateNoise(config, length);
        if (DistributedDp(calibrated) is { } ddp)
            try
            {
                // Built once here, so a multiplier the ring cannot carry is refused before the run starts rather than by
                // every client in round 1.
                _ = new DistributedDpMechanism(ddp, config.SecureAggregation.Bits, length!.Value);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException(config.Privacy.TargetEpsilon is null ? "privacy.noise_multiplier" : "privacy.target_epsilon",
                    $"cannot be used with {config.Model.Name} in Z_(2^{config.SecureAggregation.Bits}): {e.Message.Split(Environment.NewLine)[0]}");
            }
        return calibrated;
    }

    static ExperimentConfig CalibrateNoise(ExperimentConfig config, int? length)
    {
        var privacy = config.Privacy;
        if (privacy.Mechanism == PrivacyMechanism.None || privacy.TargetEpsilon is not { } target)
            return config;
        double q = SamplingRate(config);
        double sigma;
        try
        {
            sigma = privacy.Mechanism == PrivacyMechanism.DistributedDp
                ? DistributedDpCalibration.NoiseMultiplierFor(target, DistributedDpRequest(config, noiseMultiplier: 1), config.SecureAggregation.Bits,
                    length!.Value, config.Run.Rounds, q)
                : NoiseCalibration.SigmaForEpsilon(target, privacy.Delta, q, config.Run.Rounds, PrivacyAccountantKind.Rdp);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ConfigException("privacy.target_epsilon", $"cannot be met for {config.Run.Rounds} rounds at q = {Show(q)}: {e.Message.Split(Environment.NewLine)[0]}");
        }
        if (privacy.CalibratedNoiseMultiplier is { } given && given != sigma)
            throw new ConfigException("privacy.calibrated_noise_multiplier",
                $"is {Show(given)}, but target_epsilon {Show(target)} calibrates to {Show(sigma)} for {config.Run.Rounds} rounds at q = {Show(q)}; leave it out (the run writes it)");
        var calibrated = config with { Privacy = privacy with { CalibratedNoiseMultiplier = sigma } };
        if (PrivacyRules.CountNoiseProblem(calibrated) is { } problem)
            throw new ConfigException(problem.Name, problem.Message);
        return calibrated;
    }

    /// <summary>The aggregation the strategy computes its mean with, or null (privacy.mechanism none).</summary>
    /// <exception cref="InvalidOperationException">central-dp has no σ yet: <see cref="Calibrate"/> was not called.</exception>
    public static MeanAggregation? CreateAggregation(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var privacy = config.Privacy;
        return privacy.Mechanism switch
        {
            PrivacyMechanism.None or PrivacyMechanism.DistributedDp => null,
            PrivacyMechanism.CentralDp => new CentralDpAggregation(CentralDpOptions(config)),
            _ => throw new ArgumentOutOfRangeException(nameof(config), privacy.Mechanism, "unknown privacy mechanism"),
        };
    }

    /// <summary>central-dp's options from the config (σ given or calibrated).</summary>
    public static CentralDpOptions CentralDpOptions(ExperimentConfig config)
    {
        var privacy = config.Privacy;
        double sigma = privacy.NoiseMultiplierInUse()
            ?? throw new InvalidOperationException("privacy.target_epsilon is not calibrated yet (PrivacySetup.Calibrate)");
        var adaptive = privacy.AdaptiveClipping is { } a ? new CentralDpAdaptiveClipping(a.TargetQuantile, a.LearningRate, a.ClippedCountStddev) : null;
        var noise = privacy.Noise == PrivacyNoise.System ? CentralDpNoise.System : CentralDpNoise.Seeded;
        return new CentralDpOptions(privacy.ClipNorm, sigma, privacy.Delta, config.Run.Seed, adaptive, Noise: noise);
    }

    /// <summary>distributed-dp's settings from the config, or null for the other mechanisms. The granularity and each
    /// client's noise follow once the model's size is known (<see cref="DistributedDpMechanism"/>).</summary>
    public static DistributedDpSettings? DistributedDp(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var privacy = config.Privacy;
        if (privacy.Mechanism != PrivacyMechanism.DistributedDp)
            return null;
        double z = privacy.NoiseMultiplierInUse()
            ?? throw new InvalidOperationException("privacy.target_epsilon is not calibrated yet (PrivacySetup.Calibrate)");
        return DistributedDpRequest(config, z);
    }

    static DistributedDpSettings DistributedDpRequest(ExperimentConfig config, double noiseMultiplier)
    {
        var privacy = config.Privacy;
        var noise = privacy.Distribution == PrivacyDistribution.Skellam ? DistributedNoise.Skellam : DistributedNoise.DiscreteGaussian;
        return new DistributedDpSettings(privacy.ClipNorm, noiseMultiplier, noise, privacy.Delta, Cohort(config), SystemNoise: privacy.Noise == PrivacyNoise.System);
    }

    /// <summary>One line for the run's log.</summary>
    public static string Describe(ExperimentConfig config)
    {
        var privacy = config.Privacy;
        if (privacy.Mechanism == PrivacyMechanism.None)
            return "privacy: none";
        if (DistributedDp(config) is { } ddp)
            return $"privacy: distributed-dp ({(ddp.Noise == DistributedNoise.Skellam ? "skellam" : "discrete gaussian")}) under secure aggregation in Z_(2^{config.SecureAggregation.Bits}), "
                + $"clip norm {Show(ddp.ClipNorm)}, noise multiplier {Show(ddp.NoiseMultiplier)}"
                + (privacy.TargetEpsilon is { } wanted ? $" (calibrated by RDP for epsilon {Show(wanted)} over {config.Run.Rounds} rounds)" : "")
                + $" on the sum of {ddp.ExpectedCohort}, q = {ddp.ExpectedCohort}/{config.Run.Clients} = {Show(SamplingRate(config))}, "
                + $"delta {Show(ddp.Delta)}, epsilon by RDP only, "
                + (ddp.SystemNoise ? "noise from each client's system CSPRNG" : "seeded noise (reproducible; anyone who knows the run seed can remove it)");
        var options = CentralDpOptions(config);
        int cohort = Cohort(config);
        string sigma = privacy.TargetEpsilon is { } target
            ? $"noise multiplier {Show(options.NoiseMultiplier)} (calibrated by RDP for epsilon {Show(target)} over {config.Run.Rounds} rounds)"
            : $"noise multiplier {Show(options.NoiseMultiplier)}";
        string clipping = privacy.AdaptiveClipping is { } a
            ? $"adaptive clipping from {Show(privacy.ClipNorm)} (quantile {Show(a.TargetQuantile)}, rate {Show(a.LearningRate)}, count noise {Show(options.ClippedCountStddevFor(cohort))}; update noise multiplier {Show(options.UpdateNoiseMultiplierFor(cohort))})"
            : $"clip norm {Show(privacy.ClipNorm)}";
        string noise = privacy.Noise == PrivacyNoise.System ? "noise from the system CSPRNG"
            : "seeded noise (reproducible; anyone who knows the run seed can remove it)";
        return $"privacy: central-dp, {clipping}, {sigma}, q = {cohort}/{config.Run.Clients} = {Show(SamplingRate(config))}, delta {Show(privacy.Delta)}, {noise}";
    }

    static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
