using FedHybrid.Learning.Data;
using System.Net;
using System.Text.Json;
using FedHybrid.Aggregation;
using FedHybrid.Experiments.Config;
using FedHybrid.Experiments.Live;
using FedHybrid.Experiments.Tests.Browser;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Training;

namespace FedHybrid.Experiments.Tests.Live;

/// <summary>The live page of a run in this process (the stage engine over real keys and sealed traffic,
/// three clients, one of which tampers with every reply), held open in headless Chromium: the same page,
/// never reloaded, shows round 1 when it ends and round 2 when that ends, with the accepted and rejected
/// updates and their reasons as the engine recorded them, and every resource it asked for loaded. The
/// clients' training waits on a gate the test opens a round at a time, so what the page must show next is
/// known; the test polls the page, with the test's token as the only hang guard.</summary>
public sealed class LivePageBrowserTests : IDisposable
{
    const int Clients = 3, Rounds = 3, Parameters = 4;
    const float Step = 0.2f;
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task InHeadlessChromium_TheOpenPageShowsEachRoundAsItEnds_AndItsResourcesLoad()
    {
        HeadlessChromium.SkipIfAbsent("load the live page in a browser");
        var ct = TestContext.Current.CancellationToken;
        var config = ExperimentConfigLoader.Parse($$"""{ "run": { "name": "live-test", "clients": {{Clients}}, "rounds": {{Rounds}} } }""");
        using var keys = new TestKeys(Clients);
        var engine = TestEngines.Create(keys, _temp.Sub("run"), Parameters, Rounds, TimeSpan.FromMinutes(10));
        var endpoint = new CoordinatorEndpoint(engine);
        using var gate = new SemaphoreSlim(0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = keys.Clients.Select((crypto, i) =>
        {
            var options = new ClientOptions(keys.Coordinator.Identity)
            {
                Behavior = i == Clients - 1 ? new CorruptByteBehavior() : new HonestBehavior(),
                GiveUpAfter = TimeSpan.FromMinutes(10),
            };
            var client = new FederatedClient(options, crypto, () => new InProcessClientChannel(endpoint), (_, _) => new GatedTrainer(new FakeTrainer(Parameters, Step, 10), gate));
            return Task.Run(() => client.RunAsync(stop.Token), ct);
        }).ToArray();
        var run = Task.Run(() => engine.RunAsync(resume: false, ct), ct);

        await using (var host = await LivePageHost.StartAsync(config, engine, new IPEndPoint(IPAddress.Loopback, 0), ct))
        await using (var page = await HeadlessChromium.OpenAsync(host.Address, _temp.Sub("profile"), 1200, 1100, ct))
        {
            // Before any round ends: the run is waiting in round 1, and the curve says nothing has ended.
            await page.WaitUntilAsync("document.getElementById('connection')?.className === 'live'", ct);
            Assert.Equal("1", await page.TextAsync("round", ct));
            Assert.Equal(Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.TextAsync("rounds", ct));
            Assert.Equal(0, (await page.EvaluateAsync("document.querySelectorAll('#rounds-table tbody tr').length", ct)).GetInt32());
            Assert.Contains("no round has ended yet", await page.TextAsync("curve", ct));

            for (int round = 1; round <= 2; round++)
            {
                gate.Release(Clients);
                await WaitForRoundAsync(engine, round, run, ct);
                await page.WaitUntilAsync($"document.querySelectorAll('#rounds-table tbody tr').length === {round}", ct);
                var recorded = engine.Rounds;
                var row = recorded[round - 1];
                Assert.Equal(Clients - 1, row.Accepted);
                Assert.Equal(1, row.Rejected);
                var cells = (await page.EvaluateAsync($"[...document.querySelector('#rounds-table tbody tr[data-round=\"{round}\"]').cells].map(c => c.textContent)", ct))
                    .EnumerateArray().Select(c => c.GetString()!).ToArray();
                Assert.Equal(round.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[0]);
                Assert.Equal(row.Joined.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[2]);
                Assert.Equal(row.Accepted.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[4]);
                Assert.Equal(row.Rejected.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[5]);
                var (reason, count) = Assert.Single(ReasonNames.Parse(row.RejectionReasons));
                Assert.Equal($"{reason}: {count}", cells[6]);
                Assert.Equal((100 * row.TestAccuracy).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %", cells[9]);
                // FedAvg of the honest clients' steps: the fake model's accuracy is its first weight.
                Assert.Equal(round * Step, row.TestAccuracy, 1e-6);
                Assert.Equal(round, (await page.EvaluateAsync("document.querySelectorAll('#curve circle.point').length", ct)).GetInt32());
                Assert.Equal(recorded.Take(round).Sum(r => r.Accepted).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.TextAsync("accepted-total", ct));
                Assert.Equal(recorded.Take(round).Sum(r => r.Rejected).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.TextAsync("rejected-total", ct));
                Assert.Equal($"{Clients} of {Clients}", await page.TextAsync("joined", ct));
                await SaveScreenshotAsync(page, $"live-page-round-{round}.png", ct);
            }

            // Every resource the page asked for loaded (the page itself, its script, its style, the state it polls).
            var navigation = await page.EvaluateAsync("performance.getEntriesByType('navigation')[0].responseStatus", ct);
            Assert.Equal(200, navigation.GetInt32());
            var resources = (await page.EvaluateAsync("performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname, e.responseStatus])", ct))
                .EnumerateArray().Select(e => (Path: e[0].GetString()!, Status: e[1].GetInt32())).ToArray();
            Assert.Equal(["/live.css", "/live.js", LivePageHost.StatePath], resources.Select(r => r.Path).Distinct().Order(StringComparer.Ordinal));
            Assert.All(resources, r => Assert.True(r.Status == 200, $"{r.Path} answered {r.Status}"));
            Assert.Equal("collapse", (await page.EvaluateAsync("getComputedStyle(document.getElementById('rounds-table')).borderCollapse", ct)).GetString());

            // The last round: the page says the run has finished, and stops polling.
            gate.Release(Clients);
            await run;
            await page.WaitUntilAsync("document.getElementById('connection').textContent === 'the run has finished'", ct);
            Assert.Equal("finished", await page.TextAsync("phase", ct));
            Assert.Equal(Rounds, (await page.EvaluateAsync("document.querySelectorAll('#rounds-table tbody tr').length", ct)).GetInt32());
            await SaveScreenshotAsync(page, "live-page-finished.png", ct);
        }
        stop.Cancel();
        await Task.WhenAll(clients);
    }

    [Fact]
    public async Task ThePageOnlyReads_AndOnLoopbackAnswersOnlyLoopbackNames()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = ExperimentConfigLoader.Parse("""{ "run": { "name": "live-test", "clients": 1, "rounds": 1 } }""");
        using var keys = new TestKeys(1);
        var engine = TestEngines.Create(keys, _temp.Sub("run"), Parameters, 1, TimeSpan.FromMinutes(10));
        await using var host = await LivePageHost.StartAsync(config, engine, new IPEndPoint(IPAddress.Loopback, 0), ct);
        using var http = new HttpClient { BaseAddress = host.Address };

        using var state = JsonDocument.Parse(await http.GetStringAsync(LivePageHost.StatePath, ct));
        Assert.Equal("live-test", state.RootElement.GetProperty("run").GetString());
        Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("now").ValueKind); // the engine has not started
        Assert.Equal(0, state.RootElement.GetProperty("completed").GetArrayLength());
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, LivePageHost.StatePath), ct);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }
        using (var missing = await http.GetAsync("/metrics.csv", ct))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var page = await http.GetAsync("/", ct))
        {
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("script-src 'self'", string.Join(' ', page.Headers.GetValues("Content-Security-Policy")));
        }
        // A name that resolves to loopback only by a DNS rebinding is refused.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, LivePageHost.StatePath);
        rebound.Headers.Host = "attacker.example";
        using (var refused = await http.SendAsync(rebound, ct))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    /// <summary>Polls the engine's records until <paramref name="round"/> is among them (or the run failed).</summary>
    static async Task WaitForRoundAsync(StageEngine engine, int round, Task run, CancellationToken cancellationToken)
    {
        while (engine.Rounds.Count < round)
        {
            if (run.IsCompleted)
                await run; // its exception, or a run that ended short
            Assert.False(run.IsCompleted, $"the run ended before round {round}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>Captures the page as drawn and checks it is a PNG; when FEDHYBRID_SCREENSHOTS names a folder, writes
    /// it there for a person to look at.</summary>
    static async Task SaveScreenshotAsync(DevToolsPage page, string name, CancellationToken cancellationToken)
    {
        var png = await page.ScreenshotAsync(cancellationToken);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        if (Environment.GetEnvironmentVariable("FEDHYBRID_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name), png, cancellationToken);
        }
    }

    /// <summary>A trainer whose every fit first takes a permit from <paramref name="gate"/>: the test lets a round train.</summary>
    sealed class GatedTrainer(ILocalTrainer inner, SemaphoreSlim gate) : ILocalTrainer
    {
        public int ParameterCount => inner.ParameterCount;

        public long SampleCount => inner.SampleCount;

        public LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null,
        Func<LabeledImages, LabeledImages>? trainingData = null, Action? betweenBatches = null)
        {
            gate.Wait(cancellationToken);
            return inner.Fit(globalWeights, settings, seed, cancellationToken, correction, trainingData, betweenBatches);
        }

        public EvaluationSummary Evaluate(float[] weights) => inner.Evaluate(weights);

        public void Dispose() => inner.Dispose();
    }
}
