using System.Collections.Concurrent;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>Keys shared by the whole test run: RSA-4096 generation takes seconds, so each suite's
/// identities and each algorithm's signing keys are made once.</summary>
internal static class TestKeys
{
    static readonly ConcurrentDictionary<(SuiteId, int), Lazy<IIdentity>> Identities = new();
    static readonly ConcurrentDictionary<(SignatureAlgorithm, int), Lazy<ISigningKey>> Signers = new();

    public static IEnumerable<SuiteId> AllSuites => Enum.GetValues<SuiteId>();
    public static IEnumerable<SuiteId> EncryptingSuites => AllSuites.Where(s => s != SuiteId.None);

    /// <summary>The <paramref name="index"/>-th identity of a suite (distinct indices are distinct keys).</summary>
    /// <remarks>RSA identities other than the first are 2048-bit: they only serve as "someone else's key".</remarks>
    public static IIdentity Identity(SuiteId suite, int index = 0) =>
        Identities.GetOrAdd((suite, index), _ => new Lazy<IIdentity>(() =>
            suite == SuiteId.Rsa4096OaepAes256Gcm && index > 0 ? RsaOaepIdentity.Generate(2048) : Suite.GenerateIdentity(suite))).Value;

    public static ISigningKey Signer(SignatureAlgorithm algorithm, int index = 0) =>
        Signers.GetOrAdd((algorithm, index), _ => new Lazy<ISigningKey>(() => SignatureAlgorithms.Generate(algorithm))).Value;
}
