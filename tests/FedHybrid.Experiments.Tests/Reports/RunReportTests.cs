using System.Text.RegularExpressions;
using System.Xml.Linq;
using FedHybrid.Experiments.Reports;
using SkiaSharp;

namespace FedHybrid.Experiments.Tests.Reports;

/// <summary>`fedhybrid report` on fabricated run folders: every figure is a valid PNG (signature, decodes,
/// the runs' lines drawn in their colours) and SVG (XML), and the page references every image.</summary>
public sealed partial class RunReportTests : IDisposable
{
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EveryFigureIsAValidPngAndSvg_AndThePageReferencesEveryImage()
    {
        var a = Run("lr-0.05", learningRate: 0.05, epsilon: false);
        var b = Run("lr-0.1", learningRate: 0.1, epsilon: true);
        var output = _temp.Sub("report");

        var written = RunReport.Write([a, b], output);

        var pngs = Directory.GetFiles(output, "*.png").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["accuracy.png", "bytes.png", "clients-1.png", "clients-2.png", "epsilon.png", "loss.png", "phases-1.png", "phases-2.png"], pngs);
        foreach (var png in pngs)
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, png!));
            Assert.Equal(PngSignature, bytes[..8]);
            using var bitmap = SKBitmap.Decode(bytes);
            Assert.NotNull(bitmap);
            Assert.Equal((RunReport.Width, RunReport.Height), (bitmap.Width, bitmap.Height));
            var svg = XDocument.Load(Path.Combine(output, Path.ChangeExtension(png!, ".svg")));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
        }
        var page = File.ReadAllText(Path.Combine(output, RunReport.PageFile));
        Assert.Equal(written[^1], Path.Combine(output, RunReport.PageFile));
        var images = ImageSource().Matches(page).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var links = SvgLink().Matches(page).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(pngs.ToHashSet(StringComparer.Ordinal), images);
        Assert.Equal(pngs.Select(p => Path.ChangeExtension(p!, ".svg")).ToHashSet(StringComparer.Ordinal), links);
        XDocument.Parse(ToXml(page)); // well-formed, so a browser builds the page we wrote
    }

    [Fact]
    public void TheAccuracyFigureDrawsEachRunInItsColour()
    {
        var output = _temp.Sub("report");
        RunReport.Write([Run("a", 0.05, false), Run("b", 0.1, false)], output);
        using var bitmap = SKBitmap.Decode(Path.Combine(output, "accuracy.png"));
        var pixels = bitmap.Pixels;
        // Category10's first two colours: the runs' lines (anti-aliasing keeps their centres exact).
        Assert.True(pixels.Count(p => Near(p, new SKColor(0x1f, 0x77, 0xb4))) > 200, "no line of the first run");
        Assert.True(pixels.Count(p => Near(p, new SKColor(0xff, 0x7f, 0x0e))) > 200, "no line of the second run");
    }

    [Fact]
    public void WithoutDpThereIsNoEpsilonFigure_AndTheSettingsThatDifferAreHighlighted()
    {
        var output = _temp.Sub("report");
        RunReport.Write([Run("a", 0.05, false), Run("b", 0.1, false)], output);
        Assert.False(File.Exists(Path.Combine(output, "epsilon.png")));
        var page = File.ReadAllText(Path.Combine(output, RunReport.PageFile));
        Assert.Contains("<tr class=\"differs\"><td><code>training.learning_rate</code></td><td>0.05</td><td>0.1</td></tr>", page);
        Assert.Contains("1 setting differs between the runs", page);
        Assert.DoesNotContain("<tr class=\"differs\"><td><code>run.name</code>", page);
    }

    [Fact]
    public void ConfigDifferencesFlagOnlyTheSettingsThatDiffer_AndASettingOneRunLacks()
    {
        var runs = new[] { Loaded("a", """{ "run": { "name": "a", "seed": 1 }, "x": { "y": 2 } }"""), Loaded("b", """{ "run": { "name": "b", "seed": 1 } }""") };
        var settings = ConfigDifferences.Compare(runs);
        Assert.Equal(["run.name", "run.seed", "x.y"], settings.Select(s => s.Path));
        Assert.Equal([false, false, true], settings.Select(s => s.Differs));
        Assert.Equal(["2", null], settings[2].Values);
    }

    [Fact]
    public void AFolderThatIsNoRun_IsRefusedNamingWhatIsMissing()
    {
        var folder = _temp.Sub("empty");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        var e = Assert.Throws<InvalidDataException>(() => RunReport.Write([folder], _temp.Sub("out")));
        Assert.Equal($"{folder} is no run folder with rounds: metrics.csv is missing (a run writes it once its first round ends)", e.Message);
    }

    static ReportRun Loaded(string name, string config) => new(name, "/runs/" + name, config, [], []);

    string Run(string name, double learningRate, bool epsilon) => FabricatedRun.Write(_temp.Sub(name), learningRate, epsilon);

    static bool Near(SKColor p, SKColor c) => Math.Abs(p.Red - c.Red) + Math.Abs(p.Green - c.Green) + Math.Abs(p.Blue - c.Blue) < 30;

    /// <summary>The page as XML: HTML5's void elements closed, its doctype dropped.</summary>
    static string ToXml(string html) => VoidElement().Replace(html.Replace("<!DOCTYPE html>", ""), m => m.Value.TrimEnd('>') + "/>");

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("<a href=\"([^\"]+\\.svg)\"")]
    private static partial Regex SvgLink();

    [GeneratedRegex("<(meta|img)\\b[^>]*>")]
    private static partial Regex VoidElement();
}
