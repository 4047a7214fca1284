using System.Diagnostics;
using System.Runtime.CompilerServices;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Wire;
using Google.Protobuf;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// What the coordinator answers to each call of the wire contract, with no gRPC in it: the gRPC
/// service translates calls into this class, and the in-process channel calls it directly, so the
/// client runtime is tested without a server. Refusals are <see cref="EndpointException"/>s (and
/// counted join refusals); a refused reply is an answer, counted in the round's metrics.
/// </summary>
public sealed class CoordinatorEndpoint(StageEngine engine)
{
    public const int MaxClientIdLength = 64;
    public const int MaxPublicKeyBytes = 4096;
    public const int MaxProofBytes = 4096;

    public StageEngine Engine { get; } = engine;

    /// <param name="certifiedId">The id the TLS client certificate names, under mutual TLS.</param>
    public JoinChallengeResponse JoinChallenge(JoinChallengeRequest request, string? certifiedId) => Admitting(request.ClientId, () =>
    {
        CheckClaimedId(request.ClientId, certifiedId);
        var challenge = Engine.Sessions.IssueChallenge(request.ClientId);
        return new JoinChallengeResponse
        {
            Challenge = ByteString.CopyFrom(challenge.Value),
            RunId = Engine.Options.RunId,
            ValidForMs = (ulong)Engine.Options.JoinChallengeLifetime.TotalMilliseconds, // issued just now
        };
    });

    public JoinResponse Join(JoinRequest request, string? certifiedId) => Admitting(request.ClientId, () =>
    {
        CheckClaimedId(request.ClientId, certifiedId);
        if (request.EnvelopePublicKey.Length > MaxPublicKeyBytes || request.SigningPublicKey.Length > MaxPublicKeyBytes || request.Proof.Length > MaxProofBytes)
            throw new JoinRefusedException(JoinRefusal.Malformed, $"public keys and the join proof are limited to {MaxPublicKeyBytes} bytes");
        if (request.Suite != Engine.Suite)
            throw new JoinRefusedException(JoinRefusal.WrongSuite, $"the run uses suite '{Engine.Suite}', the client '{request.Suite}'");
        var presented = new PublicIdentity(request.ClientId, request.EnvelopePublicKey.ToByteArray(), request.SigningPublicKey.ToByteArray());
        var session = Engine.Sessions.Join(presented, request.Challenge.Span, request.Proof.Span);
        var options = Engine.Options;
        return new JoinResponse
        {
            SessionToken = session.Token,
            RunId = options.RunId,
            Suite = Engine.Suite,
            Model = options.Model,
            ParameterCount = (ulong)Engine.ParameterCount,
            CoordinatorEnvelopePublicKey = ByteString.CopyFrom(Engine.Identity.EnvelopeKey),
            CoordinatorSigningPublicKey = ByteString.CopyFrom(Engine.Identity.SigningKey),
            Threads = (uint)options.ThreadsPerClient,
            Limits = new SizeLimits
            {
                MaxChunkBytes = (uint)options.MaxChunkBytes,
                MaxUpdateBytes = (ulong)Engine.MaxReplyBytes,
                MaxModelBytes = (ulong)Engine.MaxPartBytes,
            },
        };
    });

    /// <summary>The client's stage tasks as they come, ending with the finished task.</summary>
    public async IAsyncEnumerable<StageTask> TasksAsync(TaskFeedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        int seen = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            (StageTask task, seen) = await session.NextAsync(seen, cancellationToken).ConfigureAwait(false);
            yield return task;
            if (task.Finished)
                yield break;
        }
    }

    /// <summary>One sealed part of an open stage, for a client instructed in it.</summary>
    public byte[] Part(DownloadPartRequest request)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        var stage = Engine.FindStage(request.TaskId)
            ?? throw new EndpointException(EndpointStatus.NotFound, $"stage '{request.TaskId}' is not published (stage over?)");
        if (!stage.IsRecipient(session.ClientId))
            throw new EndpointException(EndpointStatus.PermissionDenied, $"'{session.ClientId}' is not instructed in '{request.TaskId}'");
        if (request.Part is not (Protocol.Part.Shared or Protocol.Part.Own))
            throw new EndpointException(EndpointStatus.InvalidArgument, $"part {request.Part} is neither shared nor own");
        return stage.Part(session.ClientId, request.Part == Protocol.Part.Shared)
            ?? throw new EndpointException(EndpointStatus.NotFound, $"stage '{request.TaskId}' has no shared part");
    }

    /// <summary>Counts a finished part download in the stage's bytes down.</summary>
    public void PartSent(DownloadPartRequest request, long bytes) => Engine.RecordDownload(request.ClientId, request.TaskId, bytes);

    /// <summary>Waits for a training slot; dispose the result to give it back.</summary>
    public Task<IDisposable> AcquireTrainingSlotAsync(TrainingSlotRequest request, CancellationToken cancellationToken)
    {
        Authenticate(request.ClientId, request.SessionToken);
        return Engine.Slots.AcquireAsync(cancellationToken);
    }

    /// <summary>Starts receiving a reply whose first message is <paramref name="metadata"/>; the caller
    /// appends chunks to the upload and completes it. A reply declared too large, or a second upload of
    /// the same client while one is in progress, is refused (and counted) here.</summary>
    public ReplyUpload BeginReply(ReplyMetadata metadata) => new(this, Authenticate(metadata.ClientId, metadata.SessionToken), metadata);

    internal SubmitReplyResponse Submit(ClientSession session, ReplyMetadata metadata, byte[] envelope, double uploadMs) =>
        Response(Engine.Submit(session, Claimed(metadata), envelope, Report(metadata), uploadMs));

    internal SubmitReplyResponse Refuse(ClientSession session, ReplyMetadata metadata, UpdateRejection reason, string detail, double uploadMs, long bytesUp) =>
        Response(Engine.Refuse(session, Claimed(metadata), reason, detail, Report(metadata), uploadMs, bytesUp));

    static ExpectedReply Claimed(ReplyMetadata metadata) => new((int)Math.Min(metadata.Round, int.MaxValue), metadata.Stage, metadata.TaskId);

    static ClientReport Report(ReplyMetadata metadata) => metadata.Timings is { } t
        ? new ClientReport(t.SlotWaitMs, t.DownloadMs, t.OpenMs, t.WorkMs, t.SealMs)
        : ClientReport.None;

    static SubmitReplyResponse Response(ReplyVerdict verdict) => verdict.Accepted
        ? new SubmitReplyResponse { Accepted = true }
        : new SubmitReplyResponse { Accepted = false, RejectionReason = verdict.Reason!, Detail = verdict.Detail };

    public ClientSession Authenticate(string clientId, string token) =>
        Engine.Sessions.Authenticate(clientId, token)
        ?? throw new EndpointException(EndpointStatus.Unauthenticated, "unknown client or stale session token: join again");

    /// <summary>The id is well formed and, under mutual TLS, the one the client certificate names: a lab
    /// client can neither join as another nor use up another's challenges.</summary>
    static void CheckClaimedId(string clientId, string? certifiedId)
    {
        if (!IsValidClientId(clientId))
            throw new JoinRefusedException(JoinRefusal.Malformed, $"client_id must be 1-{MaxClientIdLength} characters of [A-Za-z0-9._-]");
        if (certifiedId is not null && certifiedId != clientId)
            throw new JoinRefusedException(JoinRefusal.WrongCertificate, $"the TLS client certificate is issued to '{certifiedId}', not to '{clientId}'");
    }

    static bool IsValidClientId(string clientId) =>
        clientId.Length is > 0 and <= MaxClientIdLength && clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Runs a join step; a refusal is counted, logged and rethrown as an endpoint refusal.</summary>
    T Admitting<T>(string clientId, Func<T> admit)
    {
        try
        {
            return admit();
        }
        catch (JoinRefusedException e)
        {
            Engine.JoinRefusals.Record(IsValidClientId(clientId) ? clientId : "(malformed id)", e);
            throw new EndpointException(StatusFor(e.Reason), e.Message);
        }
    }

    static EndpointStatus StatusFor(JoinRefusal reason) => reason switch
    {
        JoinRefusal.Malformed => EndpointStatus.InvalidArgument,
        JoinRefusal.WrongSuite => EndpointStatus.FailedPrecondition,
        // Not the client's fault (expired, or evicted by newer challenges): it may retry with a new one.
        JoinRefusal.StaleChallenge => EndpointStatus.Aborted,
        _ => EndpointStatus.PermissionDenied,
    };
}
