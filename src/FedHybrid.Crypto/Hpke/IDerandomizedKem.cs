namespace FedHybrid.Crypto.Hpke;

/// <summary>Encapsulation with the ephemeral randomness supplied, so that the standards' test
/// vectors can be reproduced. Internal on purpose: no caller of the library may pick the
/// ephemeral key. For a DHKEM <paramref name="ikmE"/> is DeriveKeyPair's input; for X-Wing it is
/// the 64-byte eseed of EncapsulateDerand.</summary>
internal interface IDerandomizedKem
{
    (byte[] SharedSecret, byte[] Enc) EncapDerand(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> ikmE);
    (byte[] SharedSecret, byte[] Enc) AuthEncapDerand(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> privateKeyS, ReadOnlySpan<byte> ikmE);
}
