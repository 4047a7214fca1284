using FedHybrid.Federation.Protocol;
using Google.Protobuf;
using Grpc.Core;

namespace FedHybrid.Inference;

/// <summary>Calls a <see cref="SealedInferenceServer"/> in this process, with each message serialized
/// and parsed exactly as gRPC would, but no HTTP/2 in between: what remains of a request's time is the
/// work client and server do for it, which is what sealing changes. For measurements only.</summary>
public sealed class InProcessInferenceInvoker(SealedInferenceServer server) : CallInvoker
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var response = Task.FromResult(BlockingUnaryCall(method, host, options, request));
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(Metadata.Empty), () => Status.DefaultSuccess, () => Metadata.Empty, () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        object answer = request switch
        {
            SealedRequest sealedRequest => Wire(server.Handle(Wire(sealedRequest))),
            Tensor tensor => Wire(server.Predict(Wire(tensor))),
            _ => throw new NotSupportedException($"{method.FullName} is not an inference call"),
        };
        return (TResponse)answer;
    }

    /// <summary>The message as the other side would parse it from the wire.</summary>
    static T Wire<T>(T message) where T : IMessage<T>, new()
    {
        var received = new T();
        received.MergeFrom(message.ToByteArray());
        return received;
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("the inference service has unary calls only");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("the inference service has unary calls only");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("the inference service has unary calls only");
}
