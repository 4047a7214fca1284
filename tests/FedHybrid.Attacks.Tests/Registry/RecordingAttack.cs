using System.ComponentModel.DataAnnotations;
using FedHybrid.Attacks.Registry;

namespace FedHybrid.Attacks.Tests.Registry;

/// <summary>The options of <see cref="RecordingAttack"/>.</summary>
public sealed record RecordingOptions
{
    [Range(1, 5)]
    public int Level { get; init; } = 2;
}

/// <summary>An attack that measures nothing real: it writes one image file and reports its level, and records what the
/// folder held when it started, so <see cref="AttackRunner"/>'s handling of the folder and the record can be checked.</summary>
sealed class RecordingAttack : Attack<RecordingOptions>
{
    public const string Image = "figure.png";

    public override string Name => "recording";

    public override string Description => "Writes one image and reports its level.";

    public int Runs { get; private set; }

    public string[] FolderAtStart { get; private set; } = [];

    protected override Task<AttackOutcome> RunAsync(AttackContext context, RecordingOptions options, CancellationToken cancellationToken)
    {
        Runs++;
        FolderAtStart = Directory.EnumerateFileSystemEntries(context.Folder).Select(Path.GetFileName).ToArray()!;
        File.WriteAllBytes(context.FileInFolder(Image), [1, 2, 3]);
        var table = new AttackTable(["measure", "value"], [["level", options.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)]]);
        return Task.FromResult(new AttackOutcome(new { options.Level, Squared = options.Level * options.Level }, table, [Image], $"recording at level {options.Level}"));
    }
}
