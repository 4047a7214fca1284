using System.Net;
using System.Text;

namespace FedHybrid.Experiments.Reports;

/// <summary>The report's index.html: the figures (PNG, each linking its SVG) beside the runs' configs,
/// the settings that differ between runs highlighted and listed first; each run's full config.json below.
/// Self-contained: no script, no file outside the report folder but the images it writes.</summary>
public static class ReportPage
{
    public static string Html(IReadOnlyList<ReportRun> runs, IReadOnlyList<ReportFigure> figures, IReadOnlyList<ConfigSetting> settings)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>FedHybrid report</title>
            <style>
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 2em; align-items: start; }
            figure { margin: 0 0 1.5em 0; }
            figure img { width: 100%; height: auto; border: 1px solid #ddd; }
            table { border-collapse: collapse; font-size: 0.9em; width: 100%; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; word-break: break-word; }
            tr.differs td { background: #fff3b0; font-weight: bold; }
            td.absent { color: #999; font-style: italic; }
            pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 0.8em; }
            </style>
            </head>
            <body>
            """);
        html.Append("<h1>FedHybrid report</h1>\n<p>Runs: ");
        html.Append(string.Join(", ", runs.Select(r => $"<code>{E(r.Name)}</code> ({r.Rounds.Count} rounds, <code>{E(r.Folder)}</code>)")));
        int differing = settings.Count(s => s.Differs);
        html.Append($"</p>\n<main>\n<section id=\"figures\">\n<h2>Figures</h2>\n");
        foreach (var figure in figures)
            html.Append($"<figure><a href=\"{E(figure.FileStem)}.svg\"><img src=\"{E(figure.FileStem)}.png\" alt=\"{E(figure.Title)}\"></a><figcaption>{E(figure.Title)} (<a href=\"{E(figure.FileStem)}.svg\">SVG</a>)</figcaption></figure>\n");
        html.Append("</section>\n<section id=\"configs\">\n<h2>Configs</h2>\n");
        html.Append(runs.Count == 1 ? "<p>One run.</p>\n"
            : differing == 0 ? "<p>The configs agree in every setting but the run's name.</p>\n"
            : $"<p>{differing} setting{(differing == 1 ? "" : "s")} differ{(differing == 1 ? "s" : "")} between the runs (highlighted, listed first).</p>\n");
        html.Append("<table>\n<thead><tr><th>setting</th>");
        foreach (var run in runs)
            html.Append($"<th>{E(run.Name)}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var setting in settings.OrderBy(s => s.Differs ? 0 : 1))
        {
            html.Append(setting.Differs ? "<tr class=\"differs\">" : "<tr>").Append($"<td><code>{E(setting.Path)}</code></td>");
            foreach (var value in setting.Values)
                html.Append(value is null ? "<td class=\"absent\">(absent)</td>" : $"<td>{E(value)}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        foreach (var run in runs)
            html.Append($"<details><summary>{E(run.Name)}: config.json</summary><pre>{E(run.ConfigJson)}</pre></details>\n");
        html.Append("</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
