using FedHybrid.Crypto.Agreement;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Agreement;

public sealed class MaskingAgreementTests
{
    public static TheoryData<string> Agreements => new() { "x25519", "x-wing" };

    static MaskingAgreement Of(string name) => name == "x25519" ? MaskingAgreement.X25519 : MaskingAgreement.XWing;

    sealed record Party(string Id, byte[] Secret, byte[] PublicKey);

    static Party NewParty(MaskingAgreement agreement, string id)
    {
        var secret = agreement.GenerateSecret();
        return new Party(id, secret, agreement.PublicKey(secret));
    }

    /// <summary>Both ends of a pair, as the protocol runs it: the encapsulation (if any) relayed from its
    /// sender to the other end, each end computing the seed on its own.</summary>
    static (byte[] A, byte[] B) Seeds(MaskingAgreement agreement, Party a, Party b, PairContext pair)
    {
        var fromA = agreement.Encapsulation(a.Secret, a.Id, b.PublicKey, pair);
        var fromB = agreement.Encapsulation(b.Secret, b.Id, a.PublicKey, pair);
        Assert.True(fromA is null || fromB is null, "only one end of a pair encapsulates");
        return (agreement.PairSeed(a.Secret, a.Id, b.PublicKey, fromB ?? [], pair),
                agreement.PairSeed(b.Secret, b.Id, a.PublicKey, fromA ?? [], pair));
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void BothEndsOfAPairDeriveTheSameSeed(string name)
    {
        var agreement = Of(name);
        var a = NewParty(agreement, "client-07");
        var b = NewParty(agreement, "client-03");
        var (seedA, seedB) = Seeds(agreement, a, b, PairContext.Of("run", 4, a.Id, b.Id));
        Assert.Equal(MaskingAgreement.SeedSize, seedA.Length);
        Assert.Equal(seedA, seedB);
        Assert.NotEqual(new byte[MaskingAgreement.SeedSize], seedA);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void ADroppedClientsReconstructedSecretRecomputesEverySeedOfItsPairs(string name)
    {
        // The coordinator holds what was relayed (public keys, encapsulations) and, after unmasking, the
        // dropped client's secret: from these alone it must get the seeds its survivors used.
        var agreement = Of(name);
        var dropped = NewParty(agreement, "client-05");
        foreach (var peerId in new[] { "client-01", "client-09" }) // the dropped client is higher, then lower
        {
            var peer = NewParty(agreement, peerId);
            var pair = PairContext.Of("run", 2, dropped.Id, peer.Id);
            var fromDropped = agreement.Encapsulation(dropped.Secret, dropped.Id, peer.PublicKey, pair);
            var fromPeer = agreement.Encapsulation(peer.Secret, peer.Id, dropped.PublicKey, pair);
            var survivorSeed = agreement.PairSeed(peer.Secret, peer.Id, dropped.PublicKey, fromDropped ?? [], pair);
            var reconstructed = dropped.Secret.ToArray();
            var coordinatorSeed = agreement.PairSeed(reconstructed, dropped.Id, peer.PublicKey, fromPeer ?? [], pair);
            Assert.Equal(survivorSeed, coordinatorSeed);
        }
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void ASeedServesOneRunOneRoundAndOnePair(string name)
    {
        var agreement = Of(name);
        var a = NewParty(agreement, "a");
        var b = NewParty(agreement, "b");
        var c = NewParty(agreement, "c");
        var seeds = new[]
        {
            Seeds(agreement, a, b, PairContext.Of("run", 1, "a", "b")).A,
            Seeds(agreement, a, b, PairContext.Of("run", 2, "a", "b")).A,
            Seeds(agreement, a, b, PairContext.Of("other", 1, "a", "b")).A,
            Seeds(agreement, a, c, PairContext.Of("run", 1, "a", "c")).A,
        };
        Assert.Equal(seeds.Length, seeds.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void AnXWingEncapsulationSwappedInTransitGivesTheReceiverAnUnrelatedSeed()
    {
        // ML-KEM's implicit rejection: a substituted encapsulation does not fail, it yields another secret,
        // so the masks cancel only if the encapsulation arrived as sent (it travels signed, sealed to its receiver).
        var agreement = MaskingAgreement.XWing;
        var a = NewParty(agreement, "a");
        var b = NewParty(agreement, "b");
        var pair = PairContext.Of("run", 1, "a", "b");
        var sent = agreement.Encapsulation(a.Secret, "a", b.PublicKey, pair)!;
        Assert.Equal(agreement.EncapsulationSize, sent.Length);
        var swapped = sent.ToArray();
        swapped[5] ^= 1;
        Assert.NotEqual(agreement.PairSeed(a.Secret, "a", b.PublicKey, [], pair), agreement.PairSeed(b.Secret, "b", a.PublicKey, swapped, pair));
    }

    [Fact]
    public void TheX25519AgreementIsRfc7748s()
    {
        // RFC 7748 §6.1: Alice's private key, Bob's public key, and their shared secret.
        var alice = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        var shared = new byte[32];
        X25519MaskingAgreement.Agree(alice, bobPublic, shared);
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexString(shared).ToLowerInvariant());
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
            Convert.ToHexString(MaskingAgreement.X25519.PublicKey(alice)).ToLowerInvariant());
    }

    [Fact]
    public void ALowOrderX25519KeyIsRefused()
    {
        var agreement = MaskingAgreement.X25519;
        var a = NewParty(agreement, "a");
        var error = Assert.Throws<InvalidKeyException>(() => agreement.PairSeed(a.Secret, "a", new byte[32], [], PairContext.Of("run", 1, "a", "b")));
        Assert.Contains("low-order", error.Message);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void KeysOfTheWrongSizeAndStrangersToThePairAreRefusedByName(string name)
    {
        var agreement = Of(name);
        var a = NewParty(agreement, "a");
        var b = NewParty(agreement, "b");
        var pair = PairContext.Of("run", 1, "a", "b");
        Assert.Contains($"{agreement.PublicKeySize} bytes", Assert.Throws<InvalidKeyException>(() => agreement.PairSeed(a.Secret, "a", b.PublicKey[1..], [], pair)).Message);
        Assert.Contains("32 bytes", Assert.Throws<InvalidKeyException>(() => agreement.PublicKey(new byte[31])).Message);
        Assert.Contains("'c' is not in the pair", Assert.Throws<ArgumentException>(() => agreement.PairSeed(a.Secret, "c", b.PublicKey, [], pair)).Message);
        Assert.Throws<ArgumentException>(() => PairContext.Of("run", 1, "a", "a"));
    }

    [Fact]
    public void ThePostQuantumSuiteAgreesByXWingAndTheOthersByX25519()
    {
        Assert.Same(MaskingAgreement.XWing, MaskingAgreement.ForSuite(SuiteId.PqXWingAes256Gcm));
        Assert.Same(MaskingAgreement.X25519, MaskingAgreement.ForSuite(SuiteId.HpkeX25519Aes256Gcm));
        Assert.Same(MaskingAgreement.X25519, MaskingAgreement.ForSuite(SuiteId.Rsa4096OaepAes256Gcm));
    }
}
