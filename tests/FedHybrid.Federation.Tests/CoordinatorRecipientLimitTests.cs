using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests;

/// <summary>An update has one recipient, the coordinator. One naming more is refused as soon as its
/// recipient count is read (issue 10 item 4), before the recipient list, the signature or any unwrap.</summary>
public sealed class CoordinatorRecipientLimitTests
{
    [Fact]
    public void AnUpdateAddressedToMoreThanTheCoordinatorIsRefusedBeforeAnyWork()
    {
        using var keys = new TestKeys(0);
        using var client = ParticipantKeys.Generate("client-1", SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client-1", client.Signing);
        var coordinator = new EnvelopeRecipient("coordinator", keys.CoordinatorKeys.Envelope.Recipient);
        var extra = new EnvelopeRecipient("someone", client.Envelope.Recipient);

        var two = sealer.Seal("run", 1, [coordinator, extra], "update"u8);
        var error = Assert.Throws<TooManyRecipientsException>(() => keys.Coordinator.OpenReply(two, client.Public));
        Assert.Contains("at most 1", error.Message);

        var one = sealer.Seal("run", 1, coordinator, "update"u8);
        Assert.Equal("update"u8.ToArray(), keys.Coordinator.OpenReply(one, client.Public).Payload);
    }
}
