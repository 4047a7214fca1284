using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>The asymmetric cost of each HPKE KEM (key generation, encapsulation, decapsulation)
/// and a whole single-shot HPKE seal / open of 1 KiB with AES-256-GCM.</summary>
[MemoryDiagnoser]
public class KemBenchmarks
{
    private IKem _kem = null!;
    private HpkeSuite _suite = null!;
    private KemKeyPair _recipient = null!;
    private byte[] _enc = [];
    private byte[] _sealedEnc = [];
    private byte[] _ciphertext = [];
    private readonly byte[] _message = RandomNumberGenerator.GetBytes(1024);
    private static readonly byte[] Info = "fedhybrid benchmark"u8.ToArray();

    // Named by string: the HPKE types are internal to Crypto (visible here for benchmarking).
    [Params(nameof(KemId.DhkemX25519HkdfSha256), nameof(KemId.DhkemP256HkdfSha256), nameof(KemId.XWing))]
    public string Kem { get; set; } = nameof(KemId.DhkemX25519HkdfSha256);

    [GlobalSetup]
    public void Setup()
    {
        _suite = new HpkeSuite(Enum.Parse<KemId>(Kem), KdfId.HkdfSha256, AeadId.Aes256Gcm);
        _kem = _suite.KemAlgorithm;
        _recipient = _kem.GenerateKeyPair();
        (_, _enc) = _kem.Encap(_recipient.PublicKey);
        (_sealedEnc, _ciphertext) = _suite.Seal(_recipient.PublicKey, Info, default, _message);
    }

    [Benchmark]
    public byte[] KeyGen() => _kem.GenerateKeyPair().PublicKey;

    [Benchmark]
    public byte[] Encap() => _kem.Encap(_recipient.PublicKey).SharedSecret;

    [Benchmark]
    public byte[] Decap() => _kem.Decap(_enc, _recipient.PrivateKey);

    [Benchmark]
    public byte[] HpkeSeal1KiB() => _suite.Seal(_recipient.PublicKey, Info, default, _message).Ciphertext;

    [Benchmark]
    public byte[] HpkeOpen1KiB() => _suite.Open(_sealedEnc, _recipient.PrivateKey, Info, default, _ciphertext);
}
