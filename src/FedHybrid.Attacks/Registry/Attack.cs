using FedHybrid.Aggregation.Binding;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Registry;

/// <summary>An attack whose options bind into <typeparamref name="TOptions"/> (DataAnnotations rules checked, every
/// unknown member refused by its full path, as strategy options are).</summary>
public abstract class Attack<TOptions> : IAttack where TOptions : class, new()
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public object BindOptions(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = AttackOptions.Bind<TOptions>(config.Attack.Options);
        if (Problems(options, config).ToArray() is { Length: > 0 } problems)
            throw new ConfigException(problems);
        return options;
    }

    /// <summary>What DataAnnotations cannot say about the options (each element of a list, a fit with the config), each
    /// under its full path (attack.options.NAME).</summary>
    protected virtual IEnumerable<OptionError> Problems(TOptions options, ExperimentConfig config) => [];

    public Task<AttackOutcome> RunAsync(AttackContext context, object options, CancellationToken cancellationToken) =>
        RunAsync(context, (TOptions)options, cancellationToken);

    protected abstract Task<AttackOutcome> RunAsync(AttackContext context, TOptions options, CancellationToken cancellationToken);
}
