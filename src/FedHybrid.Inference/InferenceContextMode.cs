namespace FedHybrid.Inference;

/// <summary>How a client uses HPKE across requests.</summary>
public enum InferenceContextMode
{
    /// <summary>A fresh HPKE context (one KEM encapsulation) per request, as Oblivious HTTP does.</summary>
    Fresh,
    /// <summary>One HPKE context for a session of requests: the KEM runs once, later requests only
    /// advance the sequence number. Requests of a session are sent one at a time, in order.</summary>
    Cached,
}
