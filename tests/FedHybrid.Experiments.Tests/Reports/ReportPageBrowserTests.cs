using System.Text.Json;
using FedHybrid.Experiments.Reports;
using FedHybrid.Experiments.Tests.Browser;

namespace FedHybrid.Experiments.Tests.Reports;

/// <summary>The report page loaded by headless Chromium (Debian's chromium): every image renders and
/// every link resolves to an image that renders. A probe page frames the report and records what the
/// browser loaded into its DOM, which --dump-dom prints. Skips, saying why, without Chromium.</summary>
public sealed class ReportPageBrowserTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    const string Probe = """
        <!DOCTYPE html><html><body><pre id="result">pending</pre>
        <iframe id="page" src="report/index.html" width="1400" height="900"></iframe>
        <script>
        const frame = document.getElementById('page');
        frame.onload = async () => {
          const doc = frame.contentDocument;
          const load = src => new Promise(done => { const i = new Image(); i.onload = () => done([src, i.naturalWidth]); i.onerror = () => done([src, 0]); i.src = src; });
          const imgs = [...doc.images];
          await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = r; i.onerror = r; })));
          const images = imgs.map(i => [i.getAttribute('src'), i.naturalWidth]);
          const links = await Promise.all([...doc.querySelectorAll('a[href]')].map(a => load(new URL(a.getAttribute('href'), doc.baseURI).href).then(([, w]) => [a.getAttribute('href'), w])));
          document.getElementById('result').textContent = JSON.stringify({ images, links });
        };
        </script></body></html>
        """;

    [Fact]
    public async Task InHeadlessChromium_EveryImageRenders_AndEveryLinkResolves()
    {
        HeadlessChromium.SkipIfAbsent("load the report page in a browser");
        var folder = _temp.Sub("site");
        var report = Path.Combine(folder, "report");
        RunReport.Write([FabricatedRun.Write(_temp.Sub("a"), 0.05, false), FabricatedRun.Write(_temp.Sub("b"), 0.1, true)], report);
        File.WriteAllText(Path.Combine(folder, "probe.html"), Probe);

        var page = await HeadlessChromium.DumpDomAsync(new Uri(Path.Combine(folder, "probe.html")).AbsoluteUri, _temp.Sub("profile"), TestContext.Current.CancellationToken);

        const string Start = "<pre id=\"result\">";
        int at = page.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(at >= 0, page);
        var text = System.Net.WebUtility.HtmlDecode(page[(at + Start.Length)..page.IndexOf("</pre>", at, StringComparison.Ordinal)]);
        Assert.NotEqual("pending", text);
        using var result = JsonDocument.Parse(text);
        var images = result.RootElement.GetProperty("images").EnumerateArray().Select(e => (Src: e[0].GetString()!, Width: e[1].GetInt32())).ToArray();
        var links = result.RootElement.GetProperty("links").EnumerateArray().Select(e => (Href: e[0].GetString()!, Width: e[1].GetInt32())).ToArray();
        var pngs = Directory.GetFiles(report, "*.png").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(pngs, images.Select(i => i.Src).Order(StringComparer.Ordinal));
        Assert.All(images, i => Assert.True(i.Width == RunReport.Width, $"{i.Src} rendered {i.Width} pixels wide"));
        Assert.Equal(pngs.Select(p => Path.ChangeExtension(p, ".svg")).ToHashSet(StringComparer.Ordinal), links.Select(l => l.Href).ToHashSet(StringComparer.Ordinal));
        Assert.All(links, l => Assert.True(l.Width > 0, $"{l.Href} did not load"));
    }
}
