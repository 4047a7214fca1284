using System.Globalization;
using System.Text;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Attacks.Registry;

/// <summary>
/// Runs one attack into its own folder, RUNS/NAME (NAME is the config's run name): binds the attack's options before
/// anything is written, refuses a folder that already holds something unless told to replace it (as simulate does),
/// then writes attack.json (<see cref="AttackRecord"/>) and attack.md atomically beside the images and the
/// simulations the attack ran (RUNS/NAME/runs/).
/// </summary>
public sealed class AttackRunner
{
    public const string RecordFile = "attack.json", MarkdownFile = "attack.md";

    readonly IAttack _attack;
    readonly ExperimentConfig _config;
    readonly SimulationOptions _simulation;
    readonly string _configPath;

    /// <exception cref="ConfigException">The config or the attack's options are invalid.</exception>
    public AttackRunner(IAttack attack, ExperimentConfig config, SimulationOptions simulation, string configPath)
    {
        ArgumentNullException.ThrowIfNull(attack);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(simulation);
        ExperimentConfigLoader.Validate(config);
        (_attack, _config, _simulation, _configPath) = (attack, config, simulation, configPath);
        Options = attack.BindOptions(config);
        Folder = Path.GetFullPath(Path.Combine(simulation.RunsDirectory, config.Run.Name));
    }

    public string Folder { get; }

    /// <summary>The attack's bound options (what attack.json lists under parameters).</summary>
    public object Options { get; }

    /// <summary>Replace a folder that already holds something (its contents are deleted first).</summary>
    public bool Overwrite { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <exception cref="RunFolderExistsException">The folder holds something and <see cref="Overwrite"/> is off.</exception>
    public async Task<AttackRecord> RunAsync(CancellationToken cancellationToken)
    {
        PrepareFolder();
        long start = Time.GetTimestamp();
        var context = new AttackContext(_config, Folder, _simulation, _simulation.Log);
        var outcome = await _attack.RunAsync(context, Options, cancellationToken).ConfigureAwait(false);
        var record = new AttackRecord(_attack.Name, _attack.Description, _config.Run.Name, _configPath, Folder, Options, DefencesInForce.Of(_config),
            outcome.Headline, outcome.Metrics, outcome.Images, Time.GetElapsedTime(start).TotalSeconds, Time.GetUtcNow());
        AtomicFile.WriteAllText(Path.Combine(Folder, RecordFile), AttackJson.Serialize(record));
        AtomicFile.WriteAllText(Path.Combine(Folder, MarkdownFile), Markdown(record, outcome.Table));
        return record;
    }

    void PrepareFolder()
    {
        if (RunFolderContents.Describe(new RunLayout(Folder)) is { } existing)
        {
            if (!Overwrite)
                throw new RunFolderExistsException(Folder, existing, "give --overwrite to replace it, or another --name");
            _simulation.Log($"--overwrite: removing {Folder}: {existing}");
            Directory.Delete(Folder, recursive: true);
        }
        Directory.CreateDirectory(Folder);
    }

    static string Markdown(AttackRecord record, AttackTable table)
    {
        var d = record.Defences;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Attack `{record.Attack}`: {record.Name}\n\n{record.Description}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- config: `{record.Config}`\n");
        text.Append(CultureInfo.InvariantCulture, $"- defences in the config: suite `{d.Suite}`{(d.Encrypted ? "" : " (plaintext)")}, secure aggregation {(d.SecureAggregation ? "on" : "off")}, "
            + $"privacy `{d.Privacy}`, strategy `{d.Strategy}`{(d.RobustAggregation ? " (robust)" : "")}\n");
        text.Append(CultureInfo.InvariantCulture, $"- parameters: `{AttackJson.Serialize(record.Parameters).ReplaceLineEndings(" ")}`\n");
        text.Append(CultureInfo.InvariantCulture, $"- wall time: {record.WallSeconds:0.0} s\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{record.Headline}\n\n");
        text.Append(table.ToMarkdown());
        foreach (var image in record.Images)
            text.Append(CultureInfo.InvariantCulture, $"\n![{image}]({image})\n");
        return text.ToString();
    }
}
