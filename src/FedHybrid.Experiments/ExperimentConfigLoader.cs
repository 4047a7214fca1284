using System.Globalization;
using System.Text;
using System.Text.Json;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Partitioning;

namespace FedHybrid.Experiments;

/// <summary>Reads an experiment config (JSON with comments and trailing commas), refusing unknown keys
/// and bad values with the field named, and writes the complete config back out.</summary>
public static class ExperimentConfigLoader
{
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
    };

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

    public static ExperimentConfig Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigException("(file)", $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigException("(file)", "the config must be a JSON object");
            var config = new ExperimentConfig();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new ConfigException(property.Name, "given more than once");
                config = Apply(config, property.Name, property.Value);
            }
            Validate(config);
            return config;
        }
    }

    static ExperimentConfig Apply(ExperimentConfig c, string key, JsonElement v) => key switch
    {
        "name" => c with { Name = Str(key, v) },
        "model" => c with { Model = Str(key, v) },
        "data" => c with { Data = Str(key, v) },
        "partition" => c with { Partition = Str(key, v) },
        "clients" => c with { Clients = Int(key, v) },
        "rounds" => c with { Rounds = Int(key, v) },
        "strategy" => c with { Strategy = Str(key, v) },
        "fraction_fit" => c with { FractionFit = Num(key, v) },
        "min_fit_clients" => c with { MinFitClients = Int(key, v) },
        "fraction_evaluate" => c with { FractionEvaluate = Num(key, v) },
        "min_updates" => c with { MinUpdates = Int(key, v) },
        "local_epochs" => c with { LocalEpochs = Int(key, v) },
        "batch_size" => c with { BatchSize = Int(key, v) },
        "learning_rate" => c with { LearningRate = Num(key, v) },
        "momentum" => c with { Momentum = Num(key, v) },
        "weight_decay" => c with { WeightDecay = Num(key, v) },
        "proximal_mu" => c with { ProximalMu = Num(key, v) },
        "suite" => c with { Suite = Str(key, v) },
        "rekey" => c with { Rekey = Str(key, v) },
        "round_deadline_seconds" => c with { RoundDeadlineSeconds = Num(key, v) },
        "join_timeout_seconds" => c with { JoinTimeoutSeconds = Num(key, v) },
        "seed" => c with { Seed = Long(key, v) },
        "concurrent_clients" => c with { ConcurrentClients = Int(key, v) },
        "threads_per_client" => c with { ThreadsPerClient = Int(key, v) },
        "behaviors" => c with { Behaviors = Map(key, v) },
        "unprovisioned_clients" => c with { UnprovisionedClients = Int(key, v) },
        _ => throw new ConfigException(key, $"unknown key (valid keys: {string.Join(", ", ValidKeys)})"),
    };

    public static IReadOnlyList<string> ValidKeys { get; } =
    [
        "name", "model", "data", "partition", "clients", "rounds", "strategy", "fraction_fit", "min_fit_clients", "fraction_evaluate",
        "min_updates", "local_epochs", "batch_size", "learning_rate", "momentum", "weight_decay", "proximal_mu", "suite", "rekey",
        "round_deadline_seconds", "join_timeout_seconds", "seed", "concurrent_clients", "threads_per_client", "behaviors", "unprovisioned_clients",
    ];

    /// <summary>Checks every value; throws <see cref="ConfigException"/> naming the first bad field.</summary>
    public static void Validate(ExperimentConfig c)
    {
        if (c.Name.Length == 0 || c.Name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')) || c.Name.StartsWith('.'))
            throw new ConfigException("name", $"'{c.Name}' must be letters, digits, '-', '_' or '.' (it names a directory)");
        if (!ModelFactory.Names.Contains(c.Model, StringComparer.OrdinalIgnoreCase))
            throw new ConfigException("model", $"unknown model '{c.Model}' (valid: {string.Join(", ", ModelFactory.Names)})");
        if (c.Data.Length == 0)
            throw new ConfigException("data", "must be \"auto\", \"bundled\" or a directory");
        Check("partition", () => Partitioner.Parse(c.Partition));
        Range("clients", c.Clients, 1, 1000);
        Range("rounds", c.Rounds, 1, 100_000);
        if (c.Strategy != "fedavg")
            throw new ConfigException("strategy", $"unknown strategy '{c.Strategy}' (valid: fedavg)");
        if (!(c.FractionFit > 0 && c.FractionFit <= 1))
            throw new ConfigException("fraction_fit", $"{c.FractionFit} must be in (0, 1]");
        Range("min_fit_clients", c.MinFitClients, 1, c.Clients);
        if (!(c.FractionEvaluate >= 0 && c.FractionEvaluate <= 1))
            throw new ConfigException("fraction_evaluate", $"{c.FractionEvaluate} must be in [0, 1]");
        Range("min_updates", c.MinUpdates, 1, c.Clients);
        Range("local_epochs", c.LocalEpochs, 1, 1000);
        Range("batch_size", c.BatchSize, 1, 65_536);
        Positive("learning_rate", c.LearningRate);
        Float32("learning_rate", c.LearningRate);
        if (!(c.Momentum >= 0 && c.Momentum < 1))
            throw new ConfigException("momentum", $"{c.Momentum} must be in [0, 1)");
        Float32("momentum", c.Momentum);
        if ((float)c.Momentum >= 1)
            throw new ConfigException("momentum", $"{Text(c.Momentum)} is 1 as a float32, which training uses; it must be below 1");
        NonNegative("weight_decay", c.WeightDecay);
        Float32("weight_decay", c.WeightDecay);
        NonNegative("proximal_mu", c.ProximalMu);
        Float32("proximal_mu", c.ProximalMu);
        Check("suite", () => Crypto.Suites.Suite.Parse(c.Suite));
        if (!Enum.TryParse<RekeyPolicy>(c.Rekey, ignoreCase: true, out _) || int.TryParse(c.Rekey, out _))
            throw new ConfigException("rekey", $"unknown policy '{c.Rekey}' (valid: message, round, run)");
        Seconds("round_deadline_seconds", c.RoundDeadlineSeconds);
        Seconds("join_timeout_seconds", c.JoinTimeoutSeconds);
        Range("concurrent_clients", c.ConcurrentClients, 0, c.Clients);
        Range("threads_per_client", c.ThreadsPerClient, 0, 1024);
        var ids = c.ClientIds().ToHashSet(StringComparer.Ordinal);
        foreach (var (id, behavior) in c.Behaviors)
        {
            if (!ids.Contains(id))
                throw new ConfigException($"behaviors.{id}", $"no such client (clients are {c.ClientIds()[0]} .. {c.ClientIds()[^1]})");
            Check($"behaviors.{id}", () => Federation.Client.Behaviors.ClientBehaviors.Create(behavior));
        }
        Range("unprovisioned_clients", c.UnprovisionedClients, 0, 100);
    }

    public static string ToJson(ExperimentConfig config) => JsonSerializer.Serialize(config, Json);

    static void Check(string field, Action parse)
    {
        try
        {
            parse();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or Crypto.CryptoException)
        {
            throw new ConfigException(field, e.Message);
        }
    }

    static void Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
            throw new ConfigException(field, $"{value} must be between {min} and {max}");
    }

    /// <summary>Smallest and largest durations in seconds: a millisecond (the wire's unit), and the
    /// longest a .NET timer or CancellationTokenSource.CancelAfter takes (int.MaxValue ms, 24.8 days).</summary>
    public const double MinSeconds = 0.001, MaxSeconds = int.MaxValue / 1000.0;

    static void Seconds(string field, double value)
    {
        if (!(value >= MinSeconds && value <= MaxSeconds))
            throw new ConfigException(field, $"{Text(value)} must be between {Text(MinSeconds)} and {Text(MaxSeconds)} seconds (the range of a timer)");
    }

    /// <summary>Training uses the value as a float32: it must neither overflow to infinity nor
    /// (when not zero) underflow to zero there.</summary>
    static void Float32(string field, double value)
    {
        float single = (float)value;
        if (!float.IsFinite(single) || (single == 0 && value != 0))
            throw new ConfigException(field, $"{Text(value)} cannot be represented as a float32, which training uses "
                + $"(non-zero magnitudes from {Text(float.Epsilon)} to {Text(float.MaxValue)})");
    }

    static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    static void Positive(string field, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ConfigException(field, $"{value.ToString(CultureInfo.InvariantCulture)} must be a positive number");
    }

    static void NonNegative(string field, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ConfigException(field, $"{value.ToString(CultureInfo.InvariantCulture)} must be a non-negative number");
    }

    static string Str(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ConfigException(key, $"expected a string, got {Describe(v)}");

    static double Num(string key, JsonElement v) =>
        v.ValueKind != JsonValueKind.Number ? throw new ConfigException(key, $"expected a number, got {Describe(v)}")
        : v.TryGetDouble(out var n) && double.IsFinite(n) ? n
        : throw new ConfigException(key, $"{Describe(v)} is beyond the range of a double");

    static long Long(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw new ConfigException(key, $"expected an integer, got {Describe(v)}");

    static int Int(string key, JsonElement v)
    {
        long n = Long(key, v);
        return n is >= int.MinValue and <= int.MaxValue ? (int)n : throw new ConfigException(key, $"{n} is out of range");
    }

    static IReadOnlyDictionary<string, string> Map(string key, JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Object)
            throw new ConfigException(key, $"expected an object of client id -> string, got {Describe(v)}");
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in v.EnumerateObject())
            if (!map.TryAdd(property.Name, Str($"{key}.{property.Name}", property.Value)))
                throw new ConfigException($"{key}.{property.Name}", "given more than once");
        return map;
    }

    static string Describe(JsonElement v)
    {
        var text = v.GetRawText();
        return text.Length <= 40 ? text : new StringBuilder(text, 0, 40, 43).Append("...").ToString();
    }
}
