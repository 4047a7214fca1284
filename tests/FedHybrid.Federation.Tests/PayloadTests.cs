using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Crypto;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;

namespace FedHybrid.Federation.Tests;

public sealed class PayloadTests
{
    [Fact]
    public void ModelPayloadsRoundTripBitForBit()
    {
        float[] weights = [0f, -0f, 1.5f, float.Epsilon, -3.25e-20f];
        Assert.Equal(weights, ModelPayload.Decode(ModelPayload.Encode(weights), weights.Length));
    }

    [Fact]
    public void MalformedPayloadsAreRefused()
    {
        var model = ModelPayload.Encode([1f, 2f]);
        Assert.Throws<MalformedPayloadException>(() => ModelPayload.Decode(model, 3));
        Assert.Throws<MalformedPayloadException>(() => ModelPayload.Decode(model[..^1], 2));
        Assert.Throws<MalformedPayloadException>(() => ModelPayload.Decode(new byte[model.Length], 2));
    }

    [Fact]
    public void HashesDifferOnAnyBit() =>
        Assert.NotEqual(ModelPayload.Hash([0f]), ModelPayload.Hash([-0f]));

    [Fact]
    public void CheckpointsAreSealedAndATamperedOneDoesNotOpen()
    {
        using var keys = new TestKeys(0);
        var directory = Path.Combine(Path.GetTempPath(), "fedhybrid-ckpt-" + Guid.NewGuid().ToString("n")[..10]);
        try
        {
            var store = new CheckpointStore(directory, keys.Coordinator);
            var rows = new[] { new RoundMetrics(1, "fit", 2, 2, 2, 0, 0, true, "", "", "", 0.5, 0.8, double.NaN, double.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "h") };
            var state = new StrategyState(StageConfig.Empty.With("step", 3L).With("norm", double.NaN), new Dictionary<string, float[]> { ["m"] = [0.5f, -0f] });
            store.Save(new CoordinatorCheckpoint("run", 1, [1f, 2f, 3f], state, ["e1", "e2"], rows, [], []));
            var loaded = store.Load();
            Assert.Equal((1, "run"), (loaded.Round, loaded.RunId));
            Assert.Equal([1f, 2f, 3f], loaded.Weights);
            Assert.Equal(["e1", "e2"], loaded.SeenEnvelopes);
            Assert.Equal(rows, loaded.Rounds);
            Assert.Equal(3, loaded.StrategyState.Scalars.Integer("step"));
            Assert.True(double.IsNaN(loaded.StrategyState.Scalars.Number("norm")));
            Assert.Equal([0.5f, -0f], loaded.StrategyState.Vectors["m"]);
            var bytes = File.ReadAllBytes(store.Path);
            Assert.DoesNotContain("e1e2", System.Text.Encoding.ASCII.GetString(bytes).Replace("\"", "").Replace(",", ""));
            bytes[bytes.Length / 2] ^= 1;
            File.WriteAllBytes(store.Path, bytes);
            Assert.ThrowsAny<CryptoException>(() => store.Load());
            Assert.False(File.Exists(store.Path + ".tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>NaN (not measured) and infinities never make a writer throw: the checkpoint and CSV
    /// write them as null and an empty field, and NaN reads back from both.</summary>
    [Fact]
    public void CheckpointsAndCsvTablesWriteValuesThatAreNotFiniteAsNotMeasured()
    {
        using var keys = new TestKeys(0);
        using var directory = new TempDirectory();
        var store = new CheckpointStore(directory.Path, keys.Coordinator);
        var round = new RoundMetrics(1, "fit", 2, 2, 2, 0, 0, true, "", "", "", double.NaN, double.PositiveInfinity, double.NaN, double.NaN,
            double.NegativeInfinity, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "h");
        var client = new ClientRoundRecord(1, "fit", "c", "rejected", "not-finite", "", 0, double.NaN, double.PositiveInfinity, 0, 0, 0, 0, 0, 0, 0, 0);
        store.Save(new CoordinatorCheckpoint("run", 1, [1f], FedHybrid.Aggregation.StrategyState.Empty, [], [round], [], [client]));
        var loaded = store.Load();
        Assert.True(double.IsNaN(loaded.Rounds[0].TestLoss));
        Assert.True(double.IsNaN(loaded.Rounds[0].TestAccuracy));
        Assert.True(double.IsNaN(loaded.Rounds[0].SelectMs));
        Assert.Equal(2, loaded.Rounds[0].SealPublishMs);
        Assert.True(double.IsNaN(loaded.Clients[0].TrainLoss));
        Assert.True(double.IsNaN(loaded.Clients[0].SlotWaitMs));

        var clients = directory.Sub("clients.csv");
        CsvTable.WriteAtomically(clients, [client]);
        Assert.StartsWith("1,fit,c,rejected,not-finite,,0,,,0,", File.ReadAllLines(clients)[1]);
        var metrics = directory.Sub("metrics.csv");
        CsvTable.WriteAtomically(metrics, [round]);
        var row = CsvTable.Read<RoundMetrics>(metrics).Single();
        Assert.True(double.IsNaN(row.TestLoss) && double.IsNaN(row.TestAccuracy) && double.IsNaN(row.SelectMs));
        Assert.Equal(2, row.SealPublishMs);
        Assert.Equal(round with { TestAccuracy = double.NaN, SelectMs = double.NaN }, row);
    }

    [Fact]
    public void CsvTablesQuoteFieldsUseSnakeCaseHeadersAndReadBackTheirRecords()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var path = directory.Sub("clients.csv");
        var record = new ClientRoundRecord(1, "fit", "c", "rejected", "replayed", "a \"b\", c\nd", 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        CsvTable.WriteAtomically(path, [record]);
        var text = File.ReadAllText(path);
        Assert.StartsWith("round,stage,client_id,status,reason,detail,samples,train_loss,", text);
        Assert.Contains("1,fit,c,rejected,replayed,\"a \"\"b\"\", c\nd\",0,0.5,", text);
        Assert.Equal(record, CsvTable.Read<ClientRoundRecord>(path).Single());
    }

    [Fact]
    public void ATableOfAnotherShapeIsRefusedNamingWhatItLacks()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var path = directory.Sub("metrics.csv");
        File.WriteAllText(path, "round,stages\n1,fit\n");
        var error = Assert.Throws<InvalidDataException>(() => CsvTable.Read<RoundMetrics>(path));
        Assert.True(error.Message.Contains("selected"), error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ATableCutShortOrWithAFieldThatIsNoNumberIsRefusedNamingTheFile()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var path = directory.Sub("clients.csv");
        CsvTable.WriteAtomically(path, [new ClientRoundRecord(1, "fit", "c", "accepted", "", "", 5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0)]);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length - 12)] + "\n");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => CsvTable.Read<ClientRoundRecord>(path)).Message);
        File.WriteAllText(path, text.Replace(",5,0.5,", ",five,0.5,"));
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => CsvTable.Read<ClientRoundRecord>(path)).Message);
    }
}
