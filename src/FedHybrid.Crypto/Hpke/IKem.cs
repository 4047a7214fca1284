namespace FedHybrid.Crypto.Hpke;

/// <summary>A key encapsulation mechanism as RFC 9180 §4 defines it. Obtain one from
/// <see cref="HpkeSuite.Kem"/>. Keys and encapsulations are serialized byte strings.
/// Malformed or invalid keys and encapsulations raise <see cref="InvalidKeyException"/>.</summary>
internal interface IKem
{
    /// <summary>The KEM's identifier.</summary>
    KemId Id { get; }
    /// <summary>Npk: length of a serialized public key.</summary>
    int PublicKeySize { get; }
    /// <summary>Nsk: length of a serialized private key.</summary>
    int PrivateKeySize { get; }
    /// <summary>Nenc: length of an encapsulated key.</summary>
    int EncapsulatedKeySize { get; }
    /// <summary>Nsecret: length of the shared secret.</summary>
    int SharedSecretSize { get; }
    /// <summary>Whether AuthEncap/AuthDecap exist (DHKEMs yes, X-Wing no).</summary>
    bool SupportsAuth { get; }

    /// <summary>A fresh random key pair.</summary>
    KemKeyPair GenerateKeyPair();
    /// <summary>The key pair RFC 9180 DeriveKeyPair derives from input keying material.</summary>
    KemKeyPair DeriveKeyPair(ReadOnlySpan<byte> ikm);
    /// <summary>A fresh shared secret and its encapsulation for the recipient's public key.</summary>
    (byte[] SharedSecret, byte[] Enc) Encap(ReadOnlySpan<byte> publicKeyR);
    /// <summary>The shared secret an encapsulation carries, recovered with the recipient's private key.</summary>
    byte[] Decap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> privateKeyR);
    /// <summary>Like <see cref="Encap"/>, also binding the sender's private key (throws
    /// <see cref="NotSupportedException"/> when <see cref="SupportsAuth"/> is false).</summary>
    (byte[] SharedSecret, byte[] Enc) AuthEncap(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> privateKeyS);
    /// <summary>Like <see cref="Decap"/>, checking the sender's public key.</summary>
    byte[] AuthDecap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> privateKeyR, ReadOnlySpan<byte> publicKeyS);
    /// <summary>The serialized public key of a serialized private key.</summary>
    byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey);
}
