namespace FedHybrid.Crypto.Inference;

/// <summary>The sizes a sealed-inference message's fields must have (X25519, AES-256-GCM).</summary>
public static class InferenceWire
{
    public const int SessionIdSize = 16;
    public const int EncapsulatedKeySize = 32;
    /// <summary>max(Nn, Nk), as RFC 9458 §4.4 sizes the response nonce.</summary>
    public const int ResponseNonceSize = 32;
    public const int PublicKeySize = 32;
    public const int PrivateKeySize = 32;
}
