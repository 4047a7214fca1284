using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using Google.Protobuf;
using Grpc.Core;

namespace FedHybrid.Fuzz.Targets;

/// <summary>What a client streams to the coordinator's SubmitReply: the input is a sequence of
/// length-delimited <see cref="ReplyChunk"/> messages, parsed as gRPC would, then fed to the real
/// <see cref="CoordinatorService"/> (chunk assembly, size checks, the engine's refusal). The first
/// metadata gets the joined client's id and session token, which a fuzzer cannot guess, so the input
/// reaches past authentication. The only acceptable failures are a protobuf parse error or an
/// <see cref="RpcException"/>; a refusal comes back as a response and must name its reason.</summary>
public sealed class ReplyUploadTarget : IFuzzTarget
{
    const int Parameters = 16;
    readonly Lazy<Coordinator> _coordinator = new(Coordinator.Start);

    public string Name => "reply-upload";

    public void Run(ReadOnlySpan<byte> input)
    {
        var chunks = Parse(input);
        var coordinator = _coordinator.Value;
        if (chunks.Count > 0 && chunks[0].ContentCase == ReplyChunk.ContentOneofCase.Metadata)
        {
            chunks[0].Metadata.ClientId = coordinator.Session.ClientId;
            chunks[0].Metadata.SessionToken = coordinator.Session.Token;
        }
        var response = coordinator.Service.SubmitReply(new ChunkReader(chunks), new FuzzServerCallContext()).GetAwaiter().GetResult();
        if (!response.Accepted && string.IsNullOrEmpty(response.RejectionReason))
            throw new FuzzInvariantException("A refused upload names no reason.");
    }

    static List<ReplyChunk> Parse(ReadOnlySpan<byte> input)
    {
        var chunks = new List<ReplyChunk>();
        var stream = new CodedInputStream(input.ToArray());
        while (!stream.IsAtEnd)
        {
            var chunk = new ReplyChunk();
            stream.ReadMessage(chunk);
            chunks.Add(chunk);
        }
        return chunks;
    }

    public bool IsRejection(Exception exception) => exception is InvalidProtocolBufferException or RpcException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        var envelope = EnvelopeSeeds.All().First(s => s.Name == "hpke-x25519-aes256gcm.ed25519.100").Data;
        ReplyChunk Metadata(ulong bytes) => new()
        {
            Metadata = new ReplyMetadata
            {
                ClientId = FuzzMaterial.SenderId, SessionToken = "token", Round = 1, Stage = "fit", TaskId = "run-fuzz/r1/s1-fit", EnvelopeBytes = bytes,
                Timings = new ClientTimings { SlotWaitMs = 1, DownloadMs = 2, OpenMs = 3, WorkMs = 40, SealMs = 5 },
            },
        };
        ReplyChunk Data(ReadOnlySpan<byte> bytes) => new() { Data = ByteString.CopyFrom(bytes) };
        yield return ("one-chunk", Write([Metadata((ulong)envelope.Length), Data(envelope)]));
        yield return ("three-chunks", Write([Metadata((ulong)envelope.Length), Data(envelope.AsSpan(0, 100)), Data(envelope.AsSpan(100, 50)), Data(envelope.AsSpan(150))]));
        yield return ("short", Write([Metadata((ulong)envelope.Length + 1), Data(envelope)]));
        yield return ("metadata-only", Write([Metadata(0)]));
    }

    static byte[] Write(IEnumerable<ReplyChunk> chunks)
    {
        var output = new MemoryStream();
        foreach (var chunk in chunks) chunk.WriteDelimitedTo(output);
        return output.ToArray();
    }

    /// <summary>A coordinator with one joined client and no open round: uploads go through the service's
    /// checks and are refused by the engine without training.</summary>
    sealed record Coordinator(CoordinatorService Service, ClientSession Session)
    {
        public static Coordinator Start()
        {
            var directory = Directory.CreateTempSubdirectory("fedhybrid-fuzz-upload-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
            var coordinatorKeys = ParticipantKeys.Generate(FuzzMaterial.RecipientId, SuiteId.HpkeX25519Aes256Gcm);
            var clientKeys = ParticipantKeys.Generate(FuzzMaterial.SenderId, SuiteId.HpkeX25519Aes256Gcm);
            var client = new ClientCrypto(clientKeys, RekeyPolicy.Message, 1);
            var evaluator = new ZeroModel(Parameters);
            var options = new CoordinatorOptions("run-fuzz", "zero", 1, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), 1, 1, directory)
                { Samples = new SampleLimits(1000) };
            var engine = new StageEngine(options, new FedAvg(new FedAvgOptions(), new FitSettings(1, 8, 0.1, Seed: 1)), evaluator,
                new CoordinatorCrypto(coordinatorKeys, RekeyPolicy.Message, 1), new IdentityRegistry([client.Identity]));
            var challenge = engine.Sessions.IssueChallenge(client.Identity.Id);
            var session = engine.Sessions.Join(client.Identity, challenge.Value, client.ProveJoin(challenge.Value, options.RunId));
            return new Coordinator(new CoordinatorService(new CoordinatorEndpoint(engine)), session);
        }
    }

    sealed class ZeroModel(int parameters) : IModelEvaluator
    {
        public int ParameterCount => parameters;
        public float[] InitialWeights() => new float[parameters];
        public EvaluationSummary Evaluate(float[] weights) => new(0, 0, 1);
        public void Dispose() { }
    }

    sealed class ChunkReader(List<ReplyChunk> chunks) : IAsyncStreamReader<ReplyChunk>
    {
        int _next = -1;
        public ReplyChunk Current => chunks[_next];
        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(++_next < chunks.Count);
    }
}
