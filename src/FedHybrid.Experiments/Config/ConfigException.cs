using FedHybrid.Aggregation.Binding;

namespace FedHybrid.Experiments.Config;

/// <summary>An experiment config is invalid. <see cref="Errors"/> lists every problem found, each under
/// its full path (training.learning_rate); <see cref="Field"/> is the first one's.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string field, string message) : this([new OptionError(field, message)])
    {
    }

    public ConfigException(IReadOnlyList<OptionError> errors) : base(Format(errors))
    {
        Errors = errors;
        Field = errors[0].Name;
    }

    public string Field { get; }

    public IReadOnlyList<OptionError> Errors { get; }

    static string Format(IReadOnlyList<OptionError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return errors.Count == 1
            ? $"config: {errors[0]}"
            : $"config: {errors.Count} problems:" + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"));
    }
}
