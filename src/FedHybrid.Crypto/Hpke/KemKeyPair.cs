namespace FedHybrid.Crypto.Hpke;

/// <summary>A KEM key pair, both halves serialized as RFC 9180 SerializePrivateKey /
/// SerializePublicKey define them for the KEM (X-Wing: the 32-byte seed and the 1216-byte key).</summary>
internal sealed record KemKeyPair(byte[] PrivateKey, byte[] PublicKey);
