using FedHybrid.Attacks.Network;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Attacks.Tests.Network;

/// <summary>The recording proxy over real gRPC (in one process, fake model): what an eavesdropper on a
/// plaintext (h2c) link recovers of the updates, by suite.</summary>
public sealed class EavesdropProxyTests
{
    [Fact]
    public async Task UnderSuiteNoneEveryUpdateIsRecoveredExactlyFromTheWire()
    {
        var run = await FakeProxiedRun.RunAsync(3, 2, SuiteId.None, TamperPlan.None, TestContext.Current.CancellationToken);
        var recovered = UpdateRecovery.FromCapture(run.Capture);
        var result = EavesdropAnalysis.Score("none", recovered, run.Truth);

        Assert.Equal(6, run.Truth.Count);
        Assert.Equal(6, result.Replies);
        Assert.Equal(6, result.PlaintextDecoded);
        Assert.Equal(6L * FakeProxiedRun.Parameters, result.WeightsCompared);
        Assert.Equal(result.WeightsCompared, result.ExactMatches);
        Assert.Equal(1.0, result.ExactFraction);
        Assert.True(result.Body.EntropyBitsPerByte < 7.5, $"plaintext floats: {result.Body.EntropyBitsPerByte} bits/byte");
        Assert.True(result.Body.PValue < 1e-6, $"plaintext is far from uniform: p = {result.Body.PValue}");
    }

    [Theory]
    [InlineData(SuiteId.HpkeX25519Aes256Gcm)]
    [InlineData(SuiteId.HpkeP256Aes256Gcm)]
    [InlineData(SuiteId.Rsa4096OaepAes256Gcm)]
    [InlineData(SuiteId.PqXWingAes256Gcm)]
    public async Task UnderAnEncryptingSuiteNothingIsRecoveredAndTheBodyLooksUniform(SuiteId suite)
    {
        var run = await FakeProxiedRun.RunAsync(3, 2, suite, TamperPlan.None, TestContext.Current.CancellationToken);
        var recovered = UpdateRecovery.FromCapture(run.Capture);
        var result = EavesdropAnalysis.Score(Suite.NameOf(suite), recovered, run.Truth);

        Assert.Equal(6, result.HeadersParsed);
        Assert.Equal(0, result.PlaintextDecoded);
        // The guess has every weight (the ciphertext where the delta would be), and none is right: by chance a
        // float32 matches with probability about 2^-32 each.
        Assert.All(recovered, r => Assert.Equal(FakeProxiedRun.Parameters, r.Delta.Length));
        Assert.Equal(0, result.ExactMatches);
        // Within 0.1 % by chance: roughly 2^-8 (exponent) * 2^-9 (mantissa) per weight, a few in 120,000.
        Assert.True(result.ToleranceFraction < 1e-3, $"{result.ToleranceMatches} of {result.WeightsCompared}");
        Assert.True(result.Body.EntropyBitsPerByte > 7.99, $"{result.Body.EntropyBitsPerByte} bits/byte");
        Assert.True(result.Body.PValue > 1e-4, $"chi-square {result.Body.ChiSquare:0.0}, p = {result.Body.PValue}");
    }

    [Fact]
    public async Task TheCaptureRecordsEveryCallWithItsRoundAndTheHeadersLeakRoutingFields()
    {
        var run = await FakeProxiedRun.RunAsync(2, 2, SuiteId.HpkeX25519Aes256Gcm, TamperPlan.None, TestContext.Current.CancellationToken);
        var messages = run.Capture.Messages;

        foreach (var rpc in new[] { "JoinChallenge", "Join", "ReceiveTasks", "DownloadPart", "AcquireTrainingSlot", "SubmitReply" })
            Assert.Contains(messages, m => m.Rpc == rpc);
        Assert.Contains(messages, m => m is { Rpc: "DownloadPart", Direction: WireDirection.ToClient, Round: 2, Stage: "fit" });
        Assert.Equal(FakeProxiedRun.Parameters, run.Capture.ParameterCount);
        var layout = EnvelopeLayout.TryParse(run.Capture.Replies.Single(r => r is { ClientId: "client-2", Round: 2 }).Envelope);
        Assert.NotNull(layout);
        Assert.Equal(("client-2", 2L, "coordinator"), (layout.SenderId, layout.Round, layout.Recipients.Single()));
        Assert.Equal(layout.TotalLength, run.Capture.Replies[0].Envelope.Length);
    }
}
