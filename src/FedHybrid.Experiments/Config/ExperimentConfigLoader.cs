using System.Text.Json;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Aggregation.SecureAggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Partitioning;

namespace FedHybrid.Experiments.Config;

/// <summary>
/// Reads an experiment config (JSON in sections, comments and trailing commas allowed) with
/// <see cref="StrictBinder"/>, and checks it here, in one place: the sections' own rules (their
/// DataAnnotations), the names that must exist (model, strategy, suite, behaviours), and the rules
/// across sections. Every problem of a file is reported at once, each under its full path.
/// <c>strategy.options</c> binds into the options record the strategy's registry entry names, so a new
/// hyperparameter never changes this class.
/// </summary>
public static class ExperimentConfigLoader
{
    /// <exception cref="ConfigException">The file cannot be read (missing, a directory, not readable) or is not a valid config.</exception>
    public static ExperimentConfig Load(string path)
    {
        if (Directory.Exists(path))
            throw new ConfigException("(file)", $"{path} is a directory, not a config file");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new ConfigException("(file)", $"cannot read {path}: {e.Message}");
        }
        return Parse(text);
    }

    /// <exception cref="ConfigException">Lists every problem of the config.</exception>
    public static ExperimentConfig Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, StrictBinder.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigException("(file)", $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigException("(file)", "the config must be a JSON object of sections");
            var errors = new List<OptionError>();
            var config = (ExperimentConfig)StrictBinder.Bind(typeof(ExperimentConfig), document.RootElement, "", errors, OptionsType)!;
            // A config whose run section or name is missing or broken still gets every other check.
            if (config.Run?.Name is null)
                config = config with { Run = (config.Run ?? new RunSection { Name = "run" }) with { Name = "run" } };
            errors.AddRange(Checks(config, errors.Select(e => e.Name).ToHashSet(StringComparer.Ordinal)));
            if (errors.Count > 0)
                throw new ConfigException(errors);
            return config;
        }
    }

    /// <summary>strategy.options binds into the record of the strategy named beside it; an unknown name
    /// binds nothing (<see cref="Checks"/> reports the name).</summary>
    static Type? OptionsType(string path, JsonElement parent)
    {
        if (path != "strategy.options")
            return null;
        var name = parent.TryGetProperty("name", out var given) ? given.ValueKind == JsonValueKind.String ? given.GetString() : null : new StrategySection().Name;
        return StrategyRegistry.All.FirstOrDefault(d => d.Name == name)?.OptionsType;
    }

    /// <summary>Throws <see cref="ConfigException"/> listing every problem of a config built in code
    /// (its sections' rules and the checks across them).</summary>
    public static void Validate(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = StrictBinder.Validate(config).ToList();
        errors.AddRange(Checks(config, errors.Select(e => e.Name).ToHashSet(StringComparer.Ordinal)));
        if (errors.Count > 0)
            throw new ConfigException(errors);
    }

    /// <summary>The checks that DataAnnotations do not express: names that must exist, and rules across
    /// sections. A rule that compares with a value already reported (<paramref name="failed"/>) is skipped:
    /// it would only repeat that error.</summary>
    static IEnumerable<OptionError> Checks(ExperimentConfig c, IReadOnlySet<string> failed)
    {
        var run = c.Run;
        // Rules against run.clients need a valid count (one that its own rule, reported or not, accepts).
        bool clients = !failed.Contains("run.clients") && StrictBinder.Validate(run).All(e => e.Name != "clients");
        if (run.Name.Length == 0 || run.Name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')) || run.Name.StartsWith('.'))
            yield return new("run.name", $"must be letters, digits, '-', '_' or '.', not starting with '.' (it names a directory), got {StrictBinder.Show(run.Name)}");
        if (c.Data.Source.Length == 0)
            yield return new("data.source", "must be \"auto\", \"bundled\" or a directory, got \"\"");
        if (Parses(() => Partitioner.Parse(c.Data.Partition)) is { } partition)
            yield return new("data.partition", partition);
        if (!ModelFactory.Names.Contains(c.Model.Name, StringComparer.OrdinalIgnoreCase))
            yield return new("model.name", $"must be one of {string.Join(", ", ModelFactory.Names)}, got {StrictBinder.Show(c.Model.Name)}");
        if ((float)c.Training.Momentum >= 1 && c.Training.Momentum < 1)
            yield return new("training.momentum", $"must be below 1 as a float32, which training uses; {StrictBinder.Show(c.Training.Momentum)} rounds to 1");
        var strategy = StrategyRegistry.All.FirstOrDefault(d => d.Name == c.Strategy.Name);
        if (strategy is null)
            yield return new("strategy.name", $"must be one of {string.Join(", ", StrategyRegistry.Names)}, got {StrictBinder.Show(c.Strategy.Name)}");
        else if (c.Strategy.Options.GetType() != strategy.OptionsType)
            yield return new("strategy.options", $"must be {strategy.OptionsType.Name} for strategy '{strategy.Name}', got {c.Strategy.Options.GetType().Name}");
        var options = c.Strategy.Options;
        bool strategyUsable = strategy is not null && options.GetType() == strategy.OptionsType && !failed.Any(f => f.StartsWith("strategy.", StringComparison.Ordinal))
            && StrictBinder.Validate(options).Count == 0 && (!clients || options.MinFitClients <= run.Clients);
        if (clients && options.MinFitClients > run.Clients)
            yield return new("strategy.options.min_fit_clients", $"must be at most run.clients ({run.Clients}), got {options.MinFitClients}");
        if (clients && options.MinUpdates > run.Clients)
            yield return new("strategy.options.min_updates", $"must be at most run.clients ({run.Clients}), got {options.MinUpdates}");
        if (Parses(() => Crypto.Suites.Suite.Parse(c.Crypto.Suite)) is { } suite)
            yield return new("crypto.suite", suite);
        if (Parses(() => Crypto.Signatures.SignatureAlgorithms.Parse(c.Crypto.Signature)) is { } signature)
            yield return new("crypto.signature", signature);
        if (!Enum.TryParse<RekeyPolicy>(c.Crypto.Rekey, ignoreCase: true, out _) || int.TryParse(c.Crypto.Rekey, out _))
            yield return new("crypto.rekey", $"must be message, round or run, got {StrictBinder.Show(c.Crypto.Rekey)}");
        if (clients && c.Schedule.ConcurrentClients > run.Clients)
            yield return new("schedule.concurrent_clients", $"must be at most run.clients ({run.Clients}), got {c.Schedule.ConcurrentClients}");
        if (c.SecureAggregation.Enabled)
            foreach (var error in SecureAggregationChecks(c, strategy, clients, failed))
                yield return error;
        foreach (var problem in PrivacyRules.Check(c, clients, strategyUsable, failed))
            yield return problem;
        if (c.SecureAggregation.Enabled && c.Crypto.Suite == "none")
            yield return new("crypto.suite", "secure aggregation delivers its pairwise secrets with the suite's key encapsulation, and suite \"none\" has none; "
                + "pick a real suite (hpke-x25519-aes256gcm, ...) or turn secure_aggregation off");
        if (c.SecureAggregation.Enabled && c.Privacy.Mechanism == PrivacyMechanism.CentralDp)
            yield return new("privacy.mechanism", "central-dp clips and noises each update at the coordinator, which under secure_aggregation sees only their masked sum; "
                + "use privacy.mechanism \"distributed-dp\" (each client adds its share of the noise before masking) or turn secure aggregation off");
        var ids = clients ? run.ClientIds() : [];
        foreach (var (id, behavior) in c.Attack.Behaviors)
        {
            if (clients && !ids.Contains(id, StringComparer.Ordinal))
                yield return new($"attack.behaviors.{id}", $"must name a client of run.clients ({ids[0]} .. {ids[^1]})");
            else if (Parses(() => Federation.Client.Behaviors.ClientBehaviors.Create(behavior)) is { } bad)
                yield return new($"attack.behaviors.{id}", bad);
        }
    }

    /// <summary>Secure aggregation's rules: a strategy that can step from a masked sum, quantization that
    /// cannot overflow for the largest cohort a round can sample, a positive clipping range, k and t together.</summary>
    static IEnumerable<OptionError> SecureAggregationChecks(ExperimentConfig c, StrategyDescriptor? strategy, bool clients, IReadOnlySet<string> failed)
    {
        var section = c.SecureAggregation;
        if (strategy is not null && c.Strategy.Options.GetType() == strategy.OptionsType)
        {
            var refusal = strategy.MaskedSumRefusal
                ?? ((FitStrategy)strategy.Create(c.Strategy.Options, new FitSettings(1, 1, 0.1))).SecureAggregationRefusal();
            if (refusal is not null)
                yield return new("strategy.name", $"'{strategy.Name}' cannot run under secure_aggregation: {refusal}");
        }
        if (!clients)
            yield break;
        if (section.MaxCohort is { } max && max < c.Run.Clients)
            yield return new("secure_aggregation.max_cohort", $"must be at least run.clients ({c.Run.Clients}): a round that samples every client would sum {c.Run.Clients} updates and could overflow a ring sized for {max}");
        string? problem = null, parameter = null;
        try
        {
            section.ToOptions(c.Run.Clients).Validate();
        }
        catch (SecureAggregationParameterException e)
        {
            // The message names the parameter in code's spelling; the path names it in the config's.
            (parameter, problem) = (e.Parameter, e.Message.StartsWith(e.Parameter + ": ", StringComparison.Ordinal) ? e.Message[(e.Parameter.Length + 2)..] : e.Message);
        }
        if (problem is not null)
        {
            yield return new($"secure_aggregation.{SectionKey(parameter!)}", problem);
            yield break;
        }
        // A cohort for which no k and t meet Bell et al.'s conditions would abort every round: say so now.
        var options = c.Strategy.Options;
        if (!failed.Contains("strategy.options.fraction_fit") && !failed.Contains("strategy.options.min_fit_clients")
            && options.FractionFit is > 0 and <= 1 && options.MinFitClients >= 1)
        {
            int cohort = ClientSelector.SampleSize(c.Run.Clients, options.FractionFit, options.MinFitClients);
            string? graph = null;
            try
            {
                section.ToOptions(c.Run.Clients).GraphFor(cohort);
            }
            catch (SecureAggregationParameterException e)
            {
                graph = e.Message;
            }
            if (graph is not null)
                yield return new(section.Neighbours is null ? "secure_aggregation.dropout_fraction" : "secure_aggregation.neighbours",
                    $"leaves no SecAgg+ graph for the {cohort} clients a round samples, so every round would abort: {graph}");
        }
    }

    /// <summary>The section's key for an options or quantization parameter name (clipRange, MaxCohort ...).</summary>
    static string SectionKey(string parameter) => parameter switch
    {
        "maxCohortSize" or "MaxCohort" => "max_cohort",
        _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter),
    };

    /// <summary>The complete config, every default and every strategy option written out.</summary>
    public static string ToJson(ExperimentConfig config) => JsonSerializer.Serialize(config, StrictBinder.Json);

    /// <summary>Null when <paramref name="parse"/> accepts its text, else why not.</summary>
    static string? Parses(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or Crypto.CryptoException)
        {
            return $"is invalid: {e.Message}";
        }
    }
}
