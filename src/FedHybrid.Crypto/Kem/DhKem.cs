using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Kem;

/// <summary>RFC 9180 §4.1 DHKEM over a Diffie-Hellman group, with HKDF-SHA256. Subclasses give
/// the group: key sizes, DeriveKeyPair's secret-key step, public-key derivation and DH.</summary>
internal abstract class DhKem : IKem, IDerandomizedKem
{
    private readonly byte[] _suiteId;

    protected DhKem(KemId id)
    {
        Id = id;
        _suiteId = LabeledHkdf.KemSuiteId(id);
    }

    public KemId Id { get; }
    public abstract int PublicKeySize { get; }
    public abstract int PrivateKeySize { get; }
    public int EncapsulatedKeySize => PublicKeySize;
    public int SharedSecretSize => LabeledHkdf.Nh;
    public bool SupportsAuth => true;

    /// <summary>The serialized public key of a serialized private key; throws
    /// <see cref="InvalidKeyException"/> for a malformed one.</summary>
    public abstract byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey);

    /// <summary>The serialized private key DeriveKeyPair draws from dkp_prk.</summary>
    protected abstract byte[] DeriveSecretKey(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> dkpPrk);

    /// <summary>DH(sk, pk) into <paramref name="output"/> (Ndh bytes); <see cref="InvalidKeyException"/>
    /// for a malformed or invalid public key or an all-zero result.</summary>
    protected internal abstract void Dh(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> output, string role);

    /// <summary>Ndh: length of a DH output.</summary>
    protected abstract int DhSize { get; }

    public KemKeyPair GenerateKeyPair()
    {
        // RFC 9180 §7.1.3: DeriveKeyPair over Nsk random bytes is a valid GenerateKeyPair.
        Span<byte> ikm = stackalloc byte[PrivateKeySize];
        RandomNumberGenerator.Fill(ikm);
        try
        {
            return DeriveKeyPair(ikm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }

    public KemKeyPair DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        Span<byte> dkpPrk = stackalloc byte[LabeledHkdf.Nh];
        try
        {
            LabeledHkdf.Extract(_suiteId, default, "dkp_prk"u8, ikm, dkpPrk);
            byte[] sk = DeriveSecretKey(_suiteId, dkpPrk);
            return new KemKeyPair(sk, PublicKeyOf(sk));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dkpPrk);
        }
    }

    public (byte[] SharedSecret, byte[] Enc) Encap(ReadOnlySpan<byte> publicKeyR) =>
        WithRandomIkm(publicKeyR, default, auth: false);

    public (byte[] SharedSecret, byte[] Enc) AuthEncap(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> privateKeyS) =>
        WithRandomIkm(publicKeyR, privateKeyS, auth: true);

    public (byte[] SharedSecret, byte[] Enc) EncapDerand(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> ikmE) =>
        EncapCore(publicKeyR, default, ikmE, auth: false);

    public (byte[] SharedSecret, byte[] Enc) AuthEncapDerand(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> privateKeyS,
        ReadOnlySpan<byte> ikmE) =>
        EncapCore(publicKeyR, privateKeyS, ikmE, auth: true);

    public byte[] Decap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> privateKeyR) =>
        DecapCore(enc, privateKeyR, default, auth: false);

    public byte[] AuthDecap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> privateKeyR, ReadOnlySpan<byte> publicKeyS) =>
        DecapCore(enc, privateKeyR, publicKeyS, auth: true);

    private (byte[] SharedSecret, byte[] Enc) WithRandomIkm(ReadOnlySpan<byte> publicKeyR, ReadOnlySpan<byte> privateKeyS, bool auth)
    {
        Span<byte> ikmE = stackalloc byte[PrivateKeySize];
        RandomNumberGenerator.Fill(ikmE);
        try
        {
            return EncapCore(publicKeyR, privateKeyS, ikmE, auth);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikmE);
        }
    }

    private (byte[] SharedSecret, byte[] Enc) EncapCore(ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> skS, ReadOnlySpan<byte> ikmE, bool auth)
    {
        CheckPublicKeyLength(pkR, "recipient public key");
        var ephemeral = DeriveKeyPair(ikmE);
        byte[]? pkS = auth ? PublicKeyOf(skS) : null;
        Span<byte> dh = stackalloc byte[(auth ? 2 : 1) * DhSize];
        try
        {
            Dh(ephemeral.PrivateKey, pkR, dh[..DhSize], "recipient public key");
            if (auth)
                Dh(skS, pkR, dh[DhSize..], "recipient public key");
            byte[] enc = ephemeral.PublicKey;
            return (ExtractAndExpand(dh, enc, pkR, pkS), enc);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
            CryptographicOperations.ZeroMemory(ephemeral.PrivateKey);
        }
    }

    private byte[] DecapCore(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> pkS, bool auth)
    {
        CheckPublicKeyLength(enc, "encapsulated key");
        if (auth)
            CheckPublicKeyLength(pkS, "sender public key");
        byte[] pkR = PublicKeyOf(skR);
        Span<byte> dh = stackalloc byte[(auth ? 2 : 1) * DhSize];
        try
        {
            Dh(skR, enc, dh[..DhSize], "encapsulated key");
            if (auth)
                Dh(skR, pkS, dh[DhSize..], "sender public key");
            return ExtractAndExpand(dh, enc, pkR, auth ? pkS : default);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    /// <summary>shared_secret = LabeledExpand(LabeledExtract("", "eae_prk", dh), "shared_secret",
    /// enc || pkRm [|| pkSm], Nsecret).</summary>
    private byte[] ExtractAndExpand(ReadOnlySpan<byte> dh, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> pkS)
    {
        Span<byte> kemContext = stackalloc byte[enc.Length + pkR.Length + pkS.Length];
        LabeledHkdf.Put(kemContext, LabeledHkdf.Put(kemContext, LabeledHkdf.Put(kemContext, 0, enc), pkR), pkS);
        Span<byte> eaePrk = stackalloc byte[LabeledHkdf.Nh];
        try
        {
            LabeledHkdf.Extract(_suiteId, default, "eae_prk"u8, dh, eaePrk);
            var sharedSecret = new byte[SharedSecretSize];
            LabeledHkdf.Expand(_suiteId, eaePrk, "shared_secret"u8, kemContext, sharedSecret);
            return sharedSecret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(eaePrk);
        }
    }

    protected void CheckPublicKeyLength(ReadOnlySpan<byte> publicKey, string role)
    {
        if (publicKey.Length != PublicKeySize)
            throw new InvalidKeyException($"{Id}: {role} must be {PublicKeySize} bytes, got {publicKey.Length}.");
    }

    protected void CheckPrivateKeyLength(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeySize)
            throw new InvalidKeyException($"{Id}: private key must be {PrivateKeySize} bytes, got {privateKey.Length}.");
    }
}
