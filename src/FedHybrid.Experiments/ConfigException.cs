namespace FedHybrid.Experiments;

/// <summary>An experiment config is invalid; <see cref="Field"/> names the offending key.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string field, string message) : base($"config field '{field}': {message}") => Field = field;

    public string Field { get; }
}
