using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Signatures;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>Cost of signing and verifying the envelope's signed message (label + 64-byte digest) per
/// algorithm, and of generating a key.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    [Params(SignatureAlgorithm.Ed25519, SignatureAlgorithm.EcdsaP256Sha256, SignatureAlgorithm.RsaPssSha256, SignatureAlgorithm.MLDsa65)]
    public SignatureAlgorithm Algorithm { get; set; }

    ISigningKey _key = null!;
    byte[] _message = [];
    byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        _key = SignatureAlgorithms.Generate(Algorithm);
        _message = [.. "fedhybrid/envelope/v1/signature\0"u8, .. RandomNumberGenerator.GetBytes(64)];
        _signature = _key.Sign(_message);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Description = "sign")]
    public byte[] Sign() => _key.Sign(_message);

    [Benchmark(Description = "verify")]
    public bool Verify() => _key.VerificationKey.Verify(_message, _signature);

    [Benchmark(Description = "keygen")]
    public void KeyGen()
    {
        using var key = SignatureAlgorithms.Generate(Algorithm);
    }
}
