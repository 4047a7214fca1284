using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Inference;

/// <summary>The client's side of one fresh-context request: the request sealed to the server's key
/// (<see cref="Enc"/>, <see cref="Ciphertext"/>), and the one response it can open.</summary>
public sealed class OneShotInferenceRequest : IDisposable
{
    readonly HpkeContext _context;

    OneShotInferenceRequest(byte[] enc, HpkeContext context, byte[] ciphertext)
    {
        Enc = enc;
        _context = context;
        Ciphertext = ciphertext;
    }

    /// <summary>HPKE's encapsulated key, sent with the request.</summary>
    public byte[] Enc { get; }
    public byte[] Ciphertext { get; }

    /// <summary>Seals <paramref name="plaintext"/> to the server's raw X25519 public key.</summary>
    public static OneShotInferenceRequest Seal(ReadOnlySpan<byte> serverPublicKey, ReadOnlySpan<byte> plaintext)
    {
        InferenceKeyPair.RequireLength(serverPublicKey.Length, InferenceWire.PublicKeySize, "public");
        var (enc, context) = InferenceSealing.Suite.SetupBaseS(serverPublicKey, InferenceSealing.Info);
        try
        {
            Span<byte> aad = stackalloc byte[InferenceSealing.MaxRequestAadSize];
            return new OneShotInferenceRequest(enc, context, context.Seal(InferenceSealing.RequestAad(default, 0, aad), plaintext));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Opens the server's answer; <see cref="AuthenticationFailedException"/> for any other
    /// answer, or a tampered one.</summary>
    public byte[] OpenResponse(ReadOnlySpan<byte> responseNonce, ReadOnlySpan<byte> ciphertext)
    {
        var secret = InferenceSealing.ResponseSecret(_context, 0);
        try
        {
            return InferenceSealing.OpenOneShotResponse(secret, Enc, responseNonce, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public void Dispose() => _context.Dispose();
}
