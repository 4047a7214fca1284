using FedHybrid.Crypto;
using FedHybrid.Federation.Client;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>A four-stage protocol that relays client-to-client sealed payloads runs on the engine as it
/// is, and the coordinator never holds those payloads' plaintext.</summary>
public sealed class RelayProtocolTests
{
    [Fact]
    public async Task AFourStageRingMaskSumRelaysSealedMasksTheCoordinatorCannotRead()
    {
        var clients = new[] { new RingMaskClient(3), new RingMaskClient(5), new RingMaskClient(11), new RingMaskClient(-2) };
        var strategy = new RingMaskStrategy();
        using var run = new InProcessRun(clients.Length, parameters: 1, rounds: 1, strategy);

        var (summary, exits) = await run.RunAsync(_ => new FakeTrainer(1, 0, 1), i => clients[i].Handlers());

        Assert.All(exits, e => Assert.Equal(ClientExitCode.Finished, e));
        Assert.Equal(1, summary.RoundsAggregated);
        // Four stages ran, in order, and every client answered each.
        var stages = run.Lines("stages.csv").Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal([RingMaskStrategy.Advertise, RingMaskStrategy.Share, RingMaskStrategy.Relay, RingMaskStrategy.MaskedInput], stages.Select(s => s[2]));
        Assert.All(stages, s => Assert.Equal("4", s[4]));
        // Each client received exactly the mask its predecessor drew, so the masks cancel in the sum.
        for (int i = 0; i < clients.Length; i++)
        {
            var predecessor = clients[(i + clients.Length - 1) % clients.Length];
            Assert.Equal(predecessor.Mask, clients[i].ReceivedMask);
            Assert.Equal(predecessor.Marker, clients[i].ReceivedMarker);
        }
        Assert.Equal(clients.Sum(c => c.Value), strategy.MaskedInputs.Values.Sum());
        // No masked input is a client's value: each is hidden by two masks.
        for (int i = 0; i < clients.Length; i++)
            Assert.NotEqual(clients[i].Value, strategy.MaskedInputs[$"client-{i + 1}"]);

        // The coordinator held every reply's plaintext; no mask marker is in any of it.
        var held = strategy.Held.SelectMany(r => r.Payload.Blobs.Values.Concat(r.Payload.Vectors.Values.Select(v => v.SelectMany(BitConverter.GetBytes).ToArray()))).ToArray();
        Assert.NotEmpty(held);
        foreach (var client in clients)
            Assert.DoesNotContain(held, bytes => Contains(bytes, client.Marker));
        // The relayed masks are envelopes the coordinator's own key cannot open.
        var relayed = strategy.Held.Where(r => r.Payload.Blobs.ContainsKey("sealed_mask")).Select(r => (r.ClientId, Envelope: r.Payload.Blobs["sealed_mask"])).ToArray();
        Assert.Equal(clients.Length, relayed.Length);
        foreach (var (sender, envelope) in relayed)
        {
            var senderIdentity = run.Keys.Clients.Single(c => c.Identity.Id == sender).Identity;
            Assert.Throws<NotForThisRecipientException>(() => run.Keys.Coordinator.OpenReply(envelope, senderIdentity));
        }
    }

    static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
