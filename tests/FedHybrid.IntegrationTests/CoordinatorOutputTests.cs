using System.Globalization;
using System.Net;
using System.Text.Json;

namespace FedHybrid.IntegrationTests;

/// <summary>`fedhybrid coordinator --json` as a real process with client processes started apart: every
/// line it prints is one JSON object, a round's end is a "round" event carrying the row metrics.csv got,
/// and the last is the result. With --live-page, its state answers while it waits for clients.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class CoordinatorOutputTests
{
    const int Clients = 2, Rounds = 2;

    [Fact]
    public async Task WithJson_EveryLineIsAnEvent_EachRoundEndsInARoundEvent_AndTheLivePageAnswersMeanwhile()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("coordinated", new Dictionary<string, object>
        {
            ["run.clients"] = Clients,
            ["run.rounds"] = Rounds,
        }));
        var runs = Path.Combine(scratch, "runs");
        var run = Path.Combine(runs, "coordinated");
        using var coordinator = RunningCli.Start(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["coordinator", "--config", config, "--runs", runs, "--listen", "127.0.0.1:0", "--json", "--live-page", "127.0.0.1:0"], scratch));
        await coordinator.WaitUntilAsync(() => Events(coordinator.Output).Any(e => Phase(e) == "waiting for clients"), "the coordinator waiting for clients");
        var logs = Events(coordinator.Output).Where(e => Kind(e) == "log").Select(e => e.GetProperty("log").GetProperty("message").GetString()!).ToArray();
        var listening = new Uri(After(logs, "coordinator listening on ").Split(' ')[0]);
        var livePage = new Uri(After(logs, "live page on ").Split(' ')[0]);

        // No client is started yet: the page's state says the coordinator waits in round 1 with nobody joined.
        using (var http = new HttpClient { BaseAddress = livePage })
        {
            using var state = JsonDocument.Parse(await http.GetStringAsync("state.json", TestContext.Current.CancellationToken));
            var now = state.RootElement.GetProperty("now");
            Assert.Equal(("waiting for clients", 1, 0), (now.GetProperty("phase").GetString(), now.GetProperty("round").GetInt32(), now.GetProperty("joined").GetInt32()));
            Assert.Equal(0, state.RootElement.GetProperty("completed").GetArrayLength());
            using var post = await http.PostAsync("state.json", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        var data = Path.Combine(FedHybridCli.Directory, "data", "fashion-mnist-subset");
        var clients = Enumerable.Range(1, Clients).Select(i => $"client-{i:00}").Select(id => FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["client", "--coordinator", listening.ToString(), "--id", id, "--keys", Path.Combine(run, "keys"), "--suite", "hpke-x25519-aes256gcm",
             "--data", data, "--partition", Path.Combine(run, "partitions", id + ".txt")], scratch))).ToArray();
        Assert.True(await coordinator.WaitForExitAsync() == 0, coordinator.Output);
        foreach (var (code, output) in await Task.WhenAll(clients))
            Assert.True(code == 0, output);

        var events = Events(coordinator.Output);
        Assert.Equal(coordinator.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, events.Count); // every line, not only some
        Assert.All(events, e => Assert.Contains(Kind(e), new[] { "log", "progress", "round", "result" }));
        var rounds = events.Where(e => Kind(e) == "round").Select(e => e.GetProperty("round")).ToArray();
        var metrics = FedHybridCli.Table(run, "metrics.csv");
        Assert.Equal(Enumerable.Range(1, Rounds), rounds.Select(r => r.GetProperty("round").GetInt32()));
        foreach (var (round, row) in rounds.Zip(metrics))
        {
            Assert.Equal(int.Parse(row["accepted"], CultureInfo.InvariantCulture), round.GetProperty("accepted").GetInt32());
            Assert.Equal(int.Parse(row["rejected"], CultureInfo.InvariantCulture), round.GetProperty("rejected").GetInt32());
            Assert.Equal(row["rejection_reasons"], round.GetProperty("rejection_reasons").GetString());
            Assert.Equal(double.Parse(row["test_accuracy"], CultureInfo.InvariantCulture), round.GetProperty("test_accuracy").GetDouble());
            Assert.Equal(row["model_hash"], round.GetProperty("model_hash").GetString());
        }
        // A round's event follows the progress line that ends it, and precedes the next round's.
        int first = events.FindIndex(e => Kind(e) == "round");
        Assert.Equal("round complete", Phase(events[first - 1]));
        var result = events[^1];
        Assert.Equal("result", Kind(result));
        Assert.Equal(FedHybridCli.Summary(run).GetProperty("final_model_sha256").GetString(),
            result.GetProperty("result").GetProperty("summary").GetProperty("final_model_sha256").GetString());
    }

    [Fact]
    public async Task ErrorsAreOneLineSayingWhatToFix_AJsonObjectWithJson()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("bad-flags"));
        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["coordinator", "--config", config, "--json", "--live-page", "nowhere"], scratch));
        Assert.Equal(2, code);
        using (var error = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries))))
        {
            Assert.Equal("error", error.RootElement.GetProperty("event").GetString());
            Assert.Equal("config: --live-page 'nowhere': expected HOST:PORT, e.g. 0.0.0.0:5001 or 127.0.0.1:5001.", error.RootElement.GetProperty("error").GetString());
        }
        (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["coordinator", "--config", config, "--quiet", "--listen", "somewhere:1"], scratch));
        Assert.Equal(2, code);
        Assert.Equal("error: --listen: 'somewhere:1' is not ADDRESS:PORT", Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["coordinator", "--config", config, "--quiet", "--json"], scratch));
        Assert.Equal(2, code);
        Assert.Contains("--quiet cannot be combined with --json", Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>Every line of <paramref name="output"/> parsed (a line that is not a JSON object fails the test).</summary>
    static List<JsonElement> Events(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"not a JSON line: {line} ({e.Message})");
            }
        }).ToList();

    static string Kind(JsonElement e) => e.GetProperty("event").GetString()!;

    static string? Phase(JsonElement e) => Kind(e) == "progress" ? e.GetProperty("progress").GetProperty("phase").GetString() : null;

    static string After(IEnumerable<string> lines, string prefix) =>
        lines.First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
