namespace FedHybrid.Attacks.Network;

/// <summary>The eavesdropper's reading of one captured fit reply: the header's layout (null when it does not
/// frame), whether the body decoded as a plaintext stage message, and its best guess of the delta (the
/// decoded vector; otherwise the body bytes where the plaintext layout puts the delta, read as float32;
/// empty when neither is possible), and the body's bytes (empty when the header does not frame).</summary>
public sealed record RecoveredUpdate(string ClientId, int Round, EnvelopeLayout? Layout, bool Decoded, float[] Delta, ReadOnlyMemory<byte> Body);
