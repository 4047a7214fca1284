using FedHybrid.Learning.Data;
using System.Collections.Concurrent;
using FedHybrid.Aggregation;
using FedHybrid.Attacks.Network;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Training;

namespace FedHybrid.Attacks.Tests.Network;

/// <summary>
/// A whole run over real gRPC on loopback in this process, fast: the coordinator's host over a stage engine
/// (FedAvg, a fake model of <see cref="Parameters"/> weights), the proxy, and clients over gRPC channels to the
/// proxy whose trainer adds a per-client, per-weight ramp (so deltas differ everywhere) and whose behaviour
/// records each delta as it is sealed: the truth the eavesdropper is scored against.
/// </summary>
sealed class FakeProxiedRun
{
    /// <summary>Five sealed chunks of update: enough for every chunk tampering.</summary>
    public const int Parameters = 20_000;

    public required RunSummary Summary { get; init; }
    public required WireCapture Capture { get; init; }
    public required IReadOnlyList<TamperOutcome> Outcomes { get; init; }
    public required IReadOnlyDictionary<(string ClientId, int Round), float[]> Truth { get; init; }
    public required string Directory { get; init; }

    /// <param name="deadline">The round deadline; a reply the attacker claims for another round leaves the real one missing, so that round lasts this long.</param>
    public static async Task<FakeProxiedRun> RunAsync(int clients, int rounds, SuiteId suite, TamperPlan plan, CancellationToken cancellationToken, TimeSpan? deadline = null)
    {
        using var keys = new TestKeys(clients, suite);
        var directory = Path.Combine(Path.GetTempPath(), "fedhybrid-net-" + Guid.NewGuid().ToString("n")[..10]);
        var engine = TestEngines.Create(keys, directory, Parameters, rounds, deadline ?? TimeSpan.FromMinutes(2));
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions(), cancellationToken);
        var capture = new WireCapture();
        await using var proxy = await InterceptingProxy.StartAsync(host.Address, capture, plan, cancellationToken);
        var truth = new ConcurrentDictionary<(string, int), float[]>();
        var running = keys.Clients.Select((crypto, i) =>
        {
            var options = new ClientOptions(keys.Coordinator.Identity) { InitialBackoff = TimeSpan.FromMilliseconds(50), Behavior = new RecordingBehavior(truth) };
            return new FederatedClient(options, crypto, () => new GrpcClientChannel(proxy.Address), (_, _) => new RampTrainer(Parameters, i + 1)).RunAsync(cancellationToken);
        }).ToArray();
        var summary = await engine.RunAsync(false, cancellationToken);
        await Task.WhenAll(running);
        return new FakeProxiedRun { Summary = summary, Capture = capture, Outcomes = proxy.Outcomes, Truth = truth, Directory = directory };
    }

    sealed class RecordingBehavior(ConcurrentDictionary<(string, int), float[]> truth) : ClientBehavior
    {
        public override string Name => "recording";

        public override void OnDelta(StageTaskInfo task, float[] delta) => truth[(task.ClientId, task.Round)] = (float[])delta.Clone();
    }

    /// <summary>Adds a ramp that differs by client and weight and shrinks as the model grows.</summary>
    sealed class RampTrainer(int parameterCount, int client) : ILocalTrainer
    {
        public int ParameterCount => parameterCount;

        public long SampleCount => 10 * client;

        public LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null,
        Func<LabeledImages, LabeledImages>? trainingData = null, Action? betweenBatches = null) =>
            new(globalWeights.Select((w, i) => w + (float)Math.Sin(i * 0.01 + client) / (1 + Math.Abs(w))).ToArray(), SampleCount, 0.25, 1);

        public EvaluationSummary Evaluate(float[] weights) => new(0, weights[0], SampleCount);

        public void Dispose() { }
    }
}
