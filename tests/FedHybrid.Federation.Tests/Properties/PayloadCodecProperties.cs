using System.Buffers.Binary;
using CsCheck;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Federation.Tests.Properties;

/// <summary>The model and update payload codecs on generated weights: every float bit pattern (NaN payloads,
/// infinities, signed zeros, subnormals) survives a round trip, and any other length is refused.</summary>
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
    public void UpdatePayloadRoundTripsEveryBitPatternAndSampleCount()
    {
        Gen.Select(Weights, Gen.Long).Sample((delta, samples) =>
        {
            var payload = UpdatePayload.Encode(delta, samples);
            Assert.Equal(UpdatePayload.EncodedSize(delta.Length), payload.Length);
            var (decoded, decodedSamples) = UpdatePayload.Decode(payload, out long count);
            Assert.Equal(Bits(delta), Bits(decoded));
            Assert.Equal(samples, decodedSamples);
            Assert.Equal(delta.Length, count);
        }, iter: 300);
    }

    [Fact]
    public void APayloadCutShortOrExtendedIsRefused()
    {
        Gen.Select(Weights, Gen.Int[-7, 7].Where(d => d != 0), Gen.Long).Sample((weights, change, samples) =>
        {
            var model = Resize(ModelPayload.Encode(weights), change);
            var update = Resize(UpdatePayload.Encode(weights, samples), change);
            if (model is not null) Assert.Throws<MalformedPayloadException>(() => ModelPayload.Decode(model, weights.Length));
            if (update is not null) Assert.Throws<MalformedPayloadException>(() => UpdatePayload.Decode(update, out _));
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

    /// <summary>Whatever parameter count the header declares, an update is accepted only if it carries exactly
    /// that many floats (the fuzz target update-payload checks the same).</summary>
    [Fact]
    public void AnUpdateIsAcceptedOnlyWithTheParameterCountItDeclares()
    {
        // Counts near the true one and its aliases modulo 2^62 (high bits set), as well as any at all.
        var gen = from delta in Weights
                  from declared in Gen.OneOf<ulong>(Gen.ULong, Gen.Int[0, 400].Select(n => (ulong)n), Gen.Int[1, 3].Select(k => ((ulong)k << 62) + (ulong)delta.Length))
                  from samples in Gen.Long
                  select (delta, declared, samples);
        gen.Sample((delta, declared, samples) =>
        {
            var payload = UpdatePayload.Encode(delta, samples);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(16), declared);
            try
            {
                var (decoded, _) = UpdatePayload.Decode(payload, out long count);
                Assert.Equal((ulong)delta.Length, declared);
                Assert.Equal(decoded.Length, count);
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
