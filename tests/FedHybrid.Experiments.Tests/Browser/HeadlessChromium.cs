using System.Diagnostics;

namespace FedHybrid.Experiments.Tests.Browser;

/// <summary>Debian's chromium, headless: where it is (a test skips, saying why, without it), a page's
/// DOM after its scripts ran (--dump-dom), and a page held open under the DevTools protocol.</summary>
static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Skips the calling test when Chromium is absent; <paramref name="purpose"/> says what it would have done.</summary>
    public static void SkipIfAbsent(string purpose)
    {
        if (!File.Exists(Executable))
            Assert.Skip($"{Executable} is absent: install the Debian package chromium to {purpose}");
    }

    static ProcessStartInfo StartInfo(string profile, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={profile}" }.Concat(arguments))
            info.ArgumentList.Add(argument);
        return info;
    }

    /// <summary>The DOM of <paramref name="url"/> once loaded. Virtual time, not a wall clock: the budget
    /// is how far the page's own clock may run.</summary>
    public static async Task<string> DumpDomAsync(string url, string profile, CancellationToken cancellationToken)
    {
        using var browser = Process.Start(StartInfo(profile, ["--allow-file-access-from-files", "--virtual-time-budget=60000", "--dump-dom", url]))!;
        var dom = browser.StandardOutput.ReadToEndAsync(cancellationToken);
        var log = browser.StandardError.ReadToEndAsync(cancellationToken);
        await browser.WaitForExitAsync(cancellationToken);
        var page = await dom;
        Assert.True(browser.ExitCode == 0, await log);
        return page;
    }

    /// <summary>A browser with <paramref name="url"/> open in a tab of <paramref name="width"/> x
    /// <paramref name="height"/> pixels, driven over the DevTools protocol; killed on dispose.</summary>
    public static async Task<DevToolsPage> OpenAsync(Uri url, string profile, int width, int height, CancellationToken cancellationToken)
    {
        var browser = Process.Start(StartInfo(profile, ["--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank"]))!;
        Uri endpoint;
        try
        {
            // Chromium says where its DevTools endpoint listens on stderr: "DevTools listening on ws://...".
            const string Listening = "DevTools listening on ";
            var log = new System.Text.StringBuilder();
            string? line;
            while ((line = await browser.StandardError.ReadLineAsync(cancellationToken)) is not null && !line.StartsWith(Listening, StringComparison.Ordinal))
                log.AppendLine(line);
            if (line is null)
                throw new InvalidOperationException($"chromium exited without a DevTools endpoint:\n{log}");
            _ = browser.StandardError.ReadToEndAsync(CancellationToken.None); // keep draining, so it never blocks on a full pipe
            _ = browser.StandardOutput.ReadToEndAsync(CancellationToken.None);
            endpoint = new Uri(line[Listening.Length..].Trim());
        }
        catch
        {
            browser.Kill(entireProcessTree: true);
            browser.Dispose();
            throw;
        }
        return await DevToolsPage.OpenAsync(browser, endpoint, url, width, height, cancellationToken); // it owns the browser now
    }
}
