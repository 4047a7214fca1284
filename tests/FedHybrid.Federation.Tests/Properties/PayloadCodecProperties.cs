using System.Buffers.Binary;
using CsCheck;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Federation.Tests.Properties;

/// <summary>The model payload and stage-message codecs on generated weights: every float bit pattern (NaN
/// payloads, infinities, signed zeros, subnormals) survives a round trip, and any other length is refused.</summary>
public sealed class PayloadCodecProperties
{
    /// <summary>Floats from all 2^32 bit patterns, not only "nice" values.</summary>
    static readonly Gen<float[]> Weights = Gen.UInt.Select(BitConverter.UInt32BitsToSingle).Array[0, 300];

    static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    [Fact]
    public void ModelPayloadRoundTripsEveryBitPattern()
    {
        Weights.Sample(weights =>
        {
            var payload = ModelPayload.Encode(weights);
            Assert.Equal(16 + 4 * weights.Length, payload.Length);
            Assert.Equal(Bits(weights), Bits(ModelPayload.Decode(payload, weights.Length)));
        }, iter: 300);
    }

    [Fact]
    public void StageMessagesRoundTripEveryBitPatternAndMetric()
    {
        Gen.Select(Weights, Gen.Long, Gen.Double).Sample((delta, samples, loss) =>
        {
            var message = Reply(delta, samples, loss);
            var bytes = StageMessageCodec.Encode(message);
            Assert.Equal(StageMessageCodec.EncodedSize(message), bytes.Length);
            var decoded = StageMessageCodec.Decode(bytes);
            Assert.Equal(Bits(delta), Bits(decoded.Payload.Vectors["delta"]));
            Assert.Equal(samples, decoded.Config.Integer("sample_count"));
            Assert.Equal(BitConverter.DoubleToInt64Bits(loss), BitConverter.DoubleToInt64Bits(decoded.Config.Number("train_loss")));
            Assert.Equal((message.Kind, message.RunId, message.Round, message.Stage, message.TaskId, message.Party),
                (decoded.Kind, decoded.RunId, decoded.Round, decoded.Stage, decoded.TaskId, decoded.Party));
            // One encoding per message: what decodes encodes back to the same bytes.
            Assert.Equal(bytes, StageMessageCodec.Encode(decoded));
        }, iter: 300);
    }

    static StageMessage Reply(float[] delta, long samples, double loss) => new(StageMessageKind.Reply, "run-p", 3, "fit", "run-p/r3/s1-fit", "client-1",
        StageConfig.Empty.With("sample_count", samples).With("train_loss", loss), StagePayload.OfVectors(("delta", delta)));

    [Fact]
    public void APayloadCutShortOrExtendedIsRefused()
    {
        Gen.Select(Weights, Gen.Int[-7, 7].Where(d => d != 0), Gen.Long).Sample((weights, change, samples) =>
        {
            var model = Resize(ModelPayload.Encode(weights), change);
            var reply = Resize(StageMessageCodec.Encode(Reply(weights, samples, 0.5)), change);
            if (model is not null) Assert.Throws<MalformedPayloadException>(() => ModelPayload.Decode(model, weights.Length));
            if (reply is not null) Assert.Throws<MalformedPayloadException>(() => StageMessageCodec.Decode(reply));
        }, iter: 300);
    }

    [Fact]
    public void ModelPayloadForAnotherParameterCountIsRefused()
    {
        Gen.Select(Weights, Gen.Int[0, 400]).Where((w, n) => n != w.Length).Sample((weights, expected) =>
            Assert.Throws<MalformedPayloadException>(() => ModelPayload.Decode(ModelPayload.Encode(weights), expected)), iter: 300);
    }

    [Fact]
    public void TheModelHashIsEqualExactlyForBitIdenticalWeights()
    {
        Gen.Select(Weights, Gen.Int[0, 299], Gen.UInt[1, uint.MaxValue]).Sample((weights, index, flip) =>
        {
            Assert.Equal(ModelPayload.Hash(weights), ModelPayload.Hash(weights.ToArray()));
            if (weights.Length == 0) return;
            var changed = weights.ToArray();
            int at = index % changed.Length;
            changed[at] = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(changed[at]) ^ flip);
            Assert.NotEqual(ModelPayload.Hash(weights), ModelPayload.Hash(changed));
        }, iter: 300);
    }

    /// <summary>Whatever element count a vector declares, a stage message is accepted only if it carries
    /// exactly that many floats (counts near the true one, aliases modulo 2^62 and 2^64 / 4, and any at all).</summary>
    [Fact]
    public void AVectorIsAcceptedOnlyWithTheElementCountItDeclares()
    {
        var gen = from delta in Weights
                  from declared in Gen.OneOf<ulong>(Gen.ULong, Gen.Int[0, 400].Select(n => (ulong)n), Gen.Int[1, 3].Select(k => ((ulong)k << 62) + (ulong)delta.Length))
                  select (delta, declared);
        gen.Sample((delta, declared) =>
        {
            var message = new StageMessage(StageMessageKind.Reply, "r", 1, "fit", "t", "c", StageConfig.Empty, StagePayload.OfVectors(("d", delta)));
            var bytes = StageMessageCodec.Encode(message);
            // The element count sits right after the vector's name, 4 + 12 bytes of blob count from the end.
            int countAt = bytes.Length - 4 - delta.Length * sizeof(float) - 8;
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(countAt), declared);
            try
            {
                var decoded = StageMessageCodec.Decode(bytes);
                Assert.Equal((ulong)delta.Length, declared);
                Assert.Equal(delta.Length, decoded.Payload.Vectors["d"].Length);
            }
            catch (MalformedPayloadException)
            {
                Assert.NotEqual((ulong)delta.Length, declared);
            }
        }, iter: 300);
    }

    /// <summary>The payload with <paramref name="change"/> bytes appended (positive) or removed; null if too short to remove.</summary>
    static byte[]? Resize(byte[] payload, int change)
    {
        if (payload.Length + change < 0) return null;
        var resized = new byte[payload.Length + change];
        payload.AsSpan(0, Math.Min(payload.Length, resized.Length)).CopyTo(resized);
        return resized;
    }
}
