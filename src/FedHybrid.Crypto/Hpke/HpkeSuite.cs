using System.Security.Cryptography;
using FedHybrid.Crypto.Kem;

namespace FedHybrid.Crypto.Hpke;

/// <summary>An HPKE ciphersuite (RFC 9180): a KEM, a KDF and an AEAD. Setup*S calls make a sender
/// context and the encapsulated key to send; Setup*R calls rebuild the recipient's context from it.
/// Seal/Open are the single-shot forms for one message in base mode. Immutable and thread-safe.
/// Which to pick: DHKEM(X25519) with AES-256-GCM by default; DHKEM(P-256) where NIST curves are
/// required; X-Wing where recorded traffic must stay secret against a future quantum computer
/// (it holds if either ML-KEM-768 or X25519 does; no Auth modes). Auth modes bind the sender's
/// key; the export-only AEAD is for deriving keys (Export) for another cipher.</summary>
internal sealed class HpkeSuite
{
    private static readonly IKem X25519 = new DhkemX25519();
    private static readonly IKem P256 = new DhkemP256();
    private static readonly IKem XWingKem = new XWing();

    private readonly IKem _kem;
    private readonly byte[] _suiteId;

    public HpkeSuite(KemId kem, KdfId kdf, AeadId aead)
    {
        if (kdf != KdfId.HkdfSha256)
            throw new ArgumentOutOfRangeException(nameof(kdf), kdf, "Unsupported HPKE KDF; only HKDF-SHA256 is offered.");
        HpkeAead.KeySize(aead); // rejects unknown AEAD ids
        _kem = Kem(kem);
        KemId = kem;
        KdfId = kdf;
        AeadId = aead;
        _suiteId = LabeledHkdf.HpkeSuiteId(kem, kdf, aead);
    }

    public KemId KemId { get; }
    public KdfId KdfId { get; }
    public AeadId AeadId { get; }

    /// <summary>The KEM of this suite.</summary>
    public IKem KemAlgorithm => _kem;

    /// <summary>The implementation of a KEM id.</summary>
    public static IKem Kem(KemId id) => id switch
    {
        KemId.DhkemX25519HkdfSha256 => X25519,
        KemId.DhkemP256HkdfSha256 => P256,
        KemId.XWing => XWingKem,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unsupported HPKE KEM."),
    };

    public (byte[] Enc, HpkeContext Context) SetupBaseS(ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> info) =>
        SetupS(HpkeMode.Base, pkR, info, default, default, default, default);

    public HpkeContext SetupBaseR(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> info) =>
        SetupR(HpkeMode.Base, enc, skR, info, default, default, default);

    public (byte[] Enc, HpkeContext Context) SetupPskS(ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId) =>
        SetupS(HpkeMode.Psk, pkR, info, psk, pskId, default, default);

    public HpkeContext SetupPskR(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId) =>
        SetupR(HpkeMode.Psk, enc, skR, info, psk, pskId, default);

    public (byte[] Enc, HpkeContext Context) SetupAuthS(ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> skS) =>
        SetupS(HpkeMode.Auth, pkR, info, default, default, skS, default);

    public HpkeContext SetupAuthR(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> pkS) =>
        SetupR(HpkeMode.Auth, enc, skR, info, default, default, pkS);

    public (byte[] Enc, HpkeContext Context) SetupAuthPskS(ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, ReadOnlySpan<byte> skS) =>
        SetupS(HpkeMode.AuthPsk, pkR, info, psk, pskId, skS, default);

    public HpkeContext SetupAuthPskR(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, ReadOnlySpan<byte> pkS) =>
        SetupR(HpkeMode.AuthPsk, enc, skR, info, psk, pskId, pkS);

    /// <summary>Single-shot base-mode encryption of one message (RFC 9180 §6.1).</summary>
    public (byte[] Enc, byte[] Ciphertext) Seal(ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        var (enc, context) = SetupBaseS(pkR, info);
        using (context)
            return (enc, context.Seal(aad, plaintext));
    }

    /// <summary>Single-shot base-mode decryption of one message.</summary>
    public byte[] Open(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        using var context = SetupBaseR(enc, skR, info);
        return context.Open(aad, ciphertext);
    }

    /// <summary>Sender setup for any mode. <paramref name="ikmE"/> empty means fresh randomness;
    /// only tests pass it (internal), to reproduce the RFC's vectors.</summary>
    internal (byte[] Enc, HpkeContext Context) SetupS(HpkeMode mode, ReadOnlySpan<byte> pkR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, ReadOnlySpan<byte> skS, ReadOnlySpan<byte> ikmE)
    {
        VerifyPskInputs(mode, psk, pskId);
        bool auth = RequireAuth(mode);
        var derand = (IDerandomizedKem)_kem;
        var (sharedSecret, enc) = (auth, ikmE.IsEmpty) switch
        {
            (false, true) => _kem.Encap(pkR),
            (false, false) => derand.EncapDerand(pkR, ikmE),
            (true, true) => _kem.AuthEncap(pkR, skS),
            (true, false) => derand.AuthEncapDerand(pkR, skS, ikmE),
        };
        try
        {
            return (enc, KeySchedule(mode, sharedSecret, info, psk, pskId, isSender: true));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    internal HpkeContext SetupR(HpkeMode mode, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> skR, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, ReadOnlySpan<byte> pkS)
    {
        VerifyPskInputs(mode, psk, pskId);
        byte[] sharedSecret = RequireAuth(mode) ? _kem.AuthDecap(enc, skR, pkS) : _kem.Decap(enc, skR);
        try
        {
            return KeySchedule(mode, sharedSecret, info, psk, pskId, isSender: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>RFC 9180 §5.1 KeySchedule.</summary>
    internal HpkeContext KeySchedule(HpkeMode mode, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId, bool isSender)
    {
        const int nh = LabeledHkdf.Nh;
        Span<byte> context = stackalloc byte[1 + 2 * nh]; // mode || psk_id_hash || info_hash
        context[0] = (byte)mode;
        LabeledHkdf.Extract(_suiteId, default, "psk_id_hash"u8, pskId, context.Slice(1, nh));
        LabeledHkdf.Extract(_suiteId, default, "info_hash"u8, info, context.Slice(1 + nh, nh));

        Span<byte> secret = stackalloc byte[nh];
        int nk = HpkeAead.KeySize(AeadId);
        Span<byte> key = stackalloc byte[nk];
        var baseNonce = new byte[HpkeAead.NonceLength(AeadId)];
        var exporterSecret = new byte[nh];
        try
        {
            LabeledHkdf.Extract(_suiteId, sharedSecret, "secret"u8, psk, secret);
            LabeledHkdf.Expand(_suiteId, secret, "key"u8, context, key);
            LabeledHkdf.Expand(_suiteId, secret, "base_nonce"u8, context, baseNonce);
            LabeledHkdf.Expand(_suiteId, secret, "exp"u8, context, exporterSecret);
            return new HpkeContext(AeadId, _suiteId, key, baseNonce, exporterSecret, isSender);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(baseNonce);
            CryptographicOperations.ZeroMemory(exporterSecret);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private bool RequireAuth(HpkeMode mode)
    {
        bool auth = mode is HpkeMode.Auth or HpkeMode.AuthPsk;
        if (auth && !_kem.SupportsAuth)
            throw new NotSupportedException($"KEM {_kem.Id} is not an authenticated KEM: modes Auth and AuthPsk are unavailable.");
        return auth;
    }

    /// <summary>RFC 9180 §5.1 VerifyPSKInputs, plus the 32-byte minimum of §9.5 for the PSK.</summary>
    private static void VerifyPskInputs(HpkeMode mode, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> pskId)
    {
        bool gotPsk = !psk.IsEmpty, gotPskId = !pskId.IsEmpty;
        if (gotPsk != gotPskId)
            throw new ArgumentException("A PSK and its PSK id must be given together.");
        bool pskMode = mode is HpkeMode.Psk or HpkeMode.AuthPsk;
        if (gotPsk && !pskMode)
            throw new ArgumentException($"A PSK was given to mode {mode}, which does not use one.");
        if (!gotPsk && pskMode)
            throw new ArgumentException($"Mode {mode} needs a PSK and a PSK id.");
        if (gotPsk && psk.Length < 32)
            throw new ArgumentException($"The PSK must have at least 32 bytes, got {psk.Length}.", nameof(psk));
    }
}
