using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Inference;

/// <summary>The server's half of a cached session: the request context, the response cipher and the
/// next sequence number. Callers hold <see cref="Gate"/> while they use it.</summary>
internal sealed class InferenceSession : IDisposable
{
    public InferenceSession(HpkeContext context)
    {
        Context = context;
        Responses = new InferenceResponseCipher(context);
    }

    public HpkeContext Context { get; }
    public InferenceResponseCipher Responses { get; }
    public Lock Gate { get; } = new();
    public ulong NextSequence { get; set; }
    public bool Disposed { get; private set; }

    public void Dispose()
    {
        lock (Gate)
        {
            if (Disposed)
                return;
            Disposed = true;
            Responses.Dispose();
            Context.Dispose();
        }
    }
}
