using FedHybrid.Crypto;
using FedHybrid.Federation.Protocol;
using Grpc.Core;

namespace FedHybrid.Inference;

/// <summary>The gRPC face of <see cref="SealedInferenceServer"/>: translates messages and errors.</summary>
public sealed class InferenceService : Federation.Protocol.Inference.InferenceBase
{
    readonly SealedInferenceServer _server;
    readonly InferenceServiceOptions _options;

    public InferenceService(SealedInferenceServer server, InferenceServiceOptions options)
    {
        _server = server;
        _options = options;
    }

    public override Task<SealedResponse> Predict(SealedRequest request, ServerCallContext context)
    {
        try
        {
            return Task.FromResult(_server.Handle(request));
        }
        catch (AuthenticationFailedException)
        {
            // Say no more than that: which check failed is not the caller's business.
            throw new RpcException(new Status(StatusCode.InvalidArgument, "sealed request does not authenticate"));
        }
        catch (MalformedInferenceRequestException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (InferenceSessionException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }

    public override Task<Tensor> PredictPlaintext(Tensor request, ServerCallContext context)
    {
        if (!_options.AllowPlaintext)
            throw new RpcException(new Status(StatusCode.PermissionDenied, "plaintext inference is disabled on this server"));
        try
        {
            return Task.FromResult(_server.Predict(request));
        }
        catch (MalformedInferenceRequestException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
