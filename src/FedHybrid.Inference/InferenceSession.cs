using FedHybrid.Crypto.Inference;

namespace FedHybrid.Inference;

/// <summary>The server's half of a cached session (Crypto's <see cref="InferenceServerSession"/>) and
/// its lifetime in the session table. Callers hold <see cref="Gate"/> while they use it.</summary>
internal sealed class InferenceSession(InferenceServerSession crypto) : IDisposable
{
    public InferenceServerSession Crypto { get; } = crypto;
    public Lock Gate { get; } = new();
    public bool Disposed { get; private set; }

    public void Dispose()
    {
        lock (Gate)
        {
            if (Disposed)
                return;
            Disposed = true;
            Crypto.Dispose();
        }
    }
}
