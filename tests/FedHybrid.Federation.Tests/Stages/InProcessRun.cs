using FedHybrid.Aggregation;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>A whole run in this process: a stage engine over real keys and envelopes, and one
/// <see cref="FederatedClient"/> per client over an <see cref="InProcessClientChannel"/> (no server).</summary>
sealed class InProcessRun : IDisposable
{
    public const long SampleLimit = 10_000;

    /// <param name="keys">The participants' keys (X25519 and Ed25519 for <paramref name="clients"/> clients when null); the run disposes them.</param>
    public InProcessRun(int clients, int parameters, int rounds, Strategy strategy, TimeSpan? deadline = null, TestKeys? keys = null)
    {
        Keys = keys ?? new TestKeys(clients);
        Directory = Path.Combine(Path.GetTempPath(), "fedhybrid-inproc-" + Guid.NewGuid().ToString("n")[..10]);
        Engine = new StageEngine(new CoordinatorOptions("run-t", "fake", rounds, deadline ?? TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 1, 2, Directory)
            { Samples = new SampleLimits(SampleLimit) },
            strategy, new FakeEvaluator(parameters), Keys.Coordinator, Keys.Registry);
        Endpoint = new CoordinatorEndpoint(Engine);
    }

    public TestKeys Keys { get; }
    public string Directory { get; }
    public StageEngine Engine { get; }
    public CoordinatorEndpoint Endpoint { get; }
    public List<string> ClientLog { get; } = [];

    /// <summary>Runs the engine and every client to the end.</summary>
    /// <param name="handlers">Each client's stage handlers (fit and evaluate when null).</param>
    /// <param name="trainer">Each client's trainer.</param>
    public async Task<(RunSummary Summary, ClientExitCode[] Clients)> RunAsync(Func<int, ILocalTrainer> trainer,
        Func<int, IEnumerable<IStageHandler>>? handlers = null, Func<int, ClientOptions, ClientOptions>? configure = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = Keys.Clients.Select((crypto, i) =>
        {
            var options = new ClientOptions(Keys.Coordinator.Identity) { GiveUpAfter = TimeSpan.FromSeconds(30) };
            options = configure?.Invoke(i, options) ?? options;
            var client = new FederatedClient(options, crypto, () => new InProcessClientChannel(Endpoint), (_, _) => trainer(i),
                line => { lock (ClientLog) ClientLog.Add($"{crypto.Identity.Id}: {line}"); }, handlers?.Invoke(i));
            return Task.Run(() => client.RunAsync(ct), ct);
        }).ToArray();
        var summary = await Engine.RunAsync(resume: false, ct);
        return (summary, await Task.WhenAll(clients));
    }

    public string[] Lines(string file) => File.ReadAllLines(Path.Combine(Directory, file));

    public void Dispose()
    {
        Keys.Dispose();
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}
