using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests;

/// <summary>Plays a client straight against the engine (no server, no client runtime): take the pending
/// task, open its sealed parts, seal a reply, submit it.</summary>
static class StagePlay
{
    /// <summary>The client's next pending task and its opened shared part (null when none) and own instruction.</summary>
    public static async Task<(StageTask Task, StageMessage? Shared, StageMessage Own)> NextAsync(StageEngine engine, IClientCrypto client, int seenVersion = 0)
    {
        var session = engine.Sessions.Find(client.Identity.Id)!;
        var (task, _) = await session.NextAsync(seenVersion, TestContext.Current.CancellationToken);
        var stage = engine.FindStage(task.TaskId)!;
        StageMessage Open(byte[] part) => StageMessageCodec.Decode(client.OpenFromCoordinator(part, engine.Identity).Payload);
        return (task, stage.Shared is null ? null : Open(stage.Shared), Open(stage.Part(client.Identity.Id, shared: false)!));
    }

    public static byte[] SealReply(StageEngine engine, IClientCrypto client, StageTask task, StageConfig metrics, StagePayload payload, int? round = null) =>
        client.SealReply(new EnvelopeContext(task.RunId, round ?? (int)task.Round, client.Identity.Id),
            StageMessageCodec.Encode(new StageMessage(StageMessageKind.Reply, task.RunId, round ?? (int)task.Round, task.Stage, task.TaskId, client.Identity.Id, metrics, payload)),
            engine.Identity);

    /// <summary>A fit reply: <c>delta</c> plus sample count, loss and steps.</summary>
    public static byte[] SealFit(StageEngine engine, IClientCrypto client, StageTask task, float[] delta, long samples, double loss = 0.5) =>
        SealReply(engine, client, task, FitMetrics(samples, loss), StagePayload.OfVectors((FitProtocol.Delta, delta)));

    public static StageConfig FitMetrics(long samples, double loss = 0.5) => StageConfig.Empty
        .With(FitProtocol.SampleCount, samples).With(FitProtocol.TrainLoss, loss).With(FitProtocol.LocalSteps, 1L);

    public static ReplyVerdict Submit(StageEngine engine, IClientCrypto client, StageTask task, byte[] envelope, ClientReport? report = null) =>
        engine.Submit(engine.Sessions.Find(client.Identity.Id)!, new ExpectedReply((int)task.Round, task.Stage, task.TaskId), envelope,
            report ?? new ClientReport(0, 1, 1, 1, 1), 1);

    /// <summary>Waits for a fit task, adds <paramref name="step"/> to every weight and submits the delta.</summary>
    public static async Task<(ReplyVerdict Verdict, byte[] Envelope)> FitAsync(StageEngine engine, IClientCrypto client, float step, long samples)
    {
        var (task, shared, _) = await NextAsync(engine, client);
        Assert.Equal(FitProtocol.FitStage, task.Stage);
        var global = shared!.Payload.Vector(FitProtocol.Model, engine.ParameterCount);
        var envelope = SealFit(engine, client, task, global.Select(_ => step).ToArray(), samples);
        return (Submit(engine, client, task, envelope), envelope);
    }
}
