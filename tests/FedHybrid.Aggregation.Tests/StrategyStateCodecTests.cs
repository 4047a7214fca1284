using System.Text;
using CsCheck;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Tests;

public sealed class StrategyStateCodecTests
{
    static readonly Gen<string> Name = Gen.String[Gen.Char["abcm_v0é"], 1, 8];

    static readonly Gen<ConfigValue> Value = Gen.OneOf(
        Gen.Bool.Select(ConfigValue.Of),
        Gen.Long.Select(ConfigValue.Of),
        Gen.Double.Select(ConfigValue.Of),
        Gen.Double.Special.Select(ConfigValue.Of),
        Gen.String.Select(ConfigValue.Of));

    static readonly Gen<StrategyState> State = Gen.Select(
        Gen.Select(Name, Value).Array[0, 6],
        Gen.Select(Name, Gen.OneOf(Gen.Float, Gen.Float.Special).Array[0, 40]).Array[0, 4],
        (scalars, vectors) => new StrategyState(
            StageConfig.From(scalars.DistinctBy(s => s.Item1).Select(s => new KeyValuePair<string, ConfigValue>(s.Item1, s.Item2))),
            vectors.DistinctBy(v => v.Item1).ToDictionary(v => v.Item1, v => v.Item2)));

    static void AssertSame(StrategyState expected, StrategyState actual)
    {
        Assert.Equal(expected.Scalars.Keys, actual.Scalars.Keys);
        foreach (var key in expected.Scalars.Keys)
        {
            Assert.Equal(expected.Scalars[key].Kind, actual.Scalars[key].Kind);
            Assert.Equal(expected.Scalars[key].ToString(), actual.Scalars[key].ToString());
        }
        Assert.Equal(expected.Vectors.Keys.Order(StringComparer.Ordinal), actual.Vectors.Keys.Order(StringComparer.Ordinal));
        foreach (var key in expected.Vectors.Keys)
            Assert.Equal(expected.Vectors[key].Select(BitConverter.SingleToInt32Bits), actual.Vectors[key].Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void EveryStateRoundTripsAndEncodesOneWay() =>
        State.Sample(state =>
        {
            var bytes = StrategyStateCodec.Encode(state);
            var decoded = StrategyStateCodec.Decode(bytes);
            AssertSame(state, decoded);
            Assert.Equal(bytes, StrategyStateCodec.Encode(decoded));
        }, iter: 500);

    [Fact]
    public void EveryTruncationIsRefusedWithATypedError() =>
        State.Sample(state =>
        {
            var bytes = StrategyStateCodec.Encode(state);
            for (int length = 0; length < bytes.Length; length++)
                Assert.Throws<StrategyStateFormatException>(() => StrategyStateCodec.Decode(bytes.AsSpan(0, length)));
        }, iter: 100);

    [Fact]
    public void AnyCorruptionIsRefusedOrDecodesToAStateThatEncodesToTheSameBytes() =>
        Gen.Select(State, Gen.Int, Gen.Byte).Sample((state, position, value) =>
        {
            var bytes = StrategyStateCodec.Encode(state);
            int at = (int)((uint)position % bytes.Length);
            bytes[at] ^= (byte)(value | 1);
            try
            {
                Assert.Equal(bytes, StrategyStateCodec.Encode(StrategyStateCodec.Decode(bytes)));
            }
            catch (StrategyStateFormatException)
            {
            }
        }, iter: 2000);

    [Fact]
    public void TheLayoutIsTheDocumentedOne()
    {
        var state = new StrategyState(StageConfig.Empty.With("t", 3L), new Dictionary<string, float[]> { ["m"] = [1f] });
        byte[] expected =
        [
            .. "FHSS"u8, 1,
            1, 0, 0, 0, 1, 0, (byte)'t', 1, 3, 0, 0, 0, 0, 0, 0, 0,
            1, 0, 0, 0, 1, 0, (byte)'m', 1, 0, 0, 0, 0x00, 0x00, 0x80, 0x3F,
        ];
        Assert.Equal(expected, StrategyStateCodec.Encode(state));
        Assert.Equal([.. "FHSS"u8, 1, 0, 0, 0, 0, 0, 0, 0, 0], StrategyStateCodec.Encode(StrategyState.Empty));
    }

    [Theory]
    [InlineData("not FHSS", "magic")]
    [InlineData("FHSS\u0002", "version 2")]
    [InlineData("FHSS\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000!", "follow the last vector")]
    [InlineData("FHSS\u0001\u00ff\u00ff\u00ff\u00ff", "cannot fit")]
    [InlineData("FHSS\u0001\u0001\u0000\u0000\u0000\u0001\u0000t\u0009\u0000", "unknown kind 9")]
    [InlineData("FHSS\u0001\u0001\u0000\u0000\u0000\u0001\u0000t\u0000\u0002\u0000\u0000\u0000\u0000", "not 0 or 1")]
    [InlineData("FHSS\u0001\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "1..1024")]
    [InlineData("FHSS\u0001\u0000\u0000\u0000\u0000\u0001\u0000\u0000\u0000\u0001\u0000m\u00ff\u00ff\u00ff\u0000", "cannot fit")]
    public void MalformedBytesAreRefusedNamingWhatIsWrong(string latin1, string expected)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1);
        var error = Assert.Throws<StrategyStateFormatException>(() => StrategyStateCodec.Decode(bytes));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void NamesOutOfOrderOrTwiceAreRefused()
    {
        var sorted = StrategyStateCodec.Encode(new StrategyState(StageConfig.Empty,
            new Dictionary<string, float[]> { ["a"] = [], ["b"] = [] }));
        var swapped = (byte[])sorted.Clone();
        int first = Array.IndexOf(swapped, (byte)'a'), second = Array.IndexOf(swapped, (byte)'b');
        (swapped[first], swapped[second]) = ((byte)'b', (byte)'a');
        Assert.Contains("ordinal order", Assert.Throws<StrategyStateFormatException>(() => StrategyStateCodec.Decode(swapped)).Message);
        swapped[second] = (byte)'b';
        Assert.Contains("ordinal order", Assert.Throws<StrategyStateFormatException>(() => StrategyStateCodec.Decode(swapped)).Message);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var bytes = StrategyStateCodec.Encode(new StrategyState(StageConfig.Empty.With("t", "x"), new Dictionary<string, float[]>()));
        bytes[^5] = 0xFF; // the text's only byte, before the vector count
        Assert.Contains("UTF-8", Assert.Throws<StrategyStateFormatException>(() => StrategyStateCodec.Decode(bytes)).Message);
    }
}
