using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FedHybrid.Crypto.Hpke;

/// <summary>RFC 9180 §4 LabeledExtract / LabeledExpand over HKDF-SHA256 (the only KDF we offer).</summary>
internal static class LabeledHkdf
{
    /// <summary>Nh of HKDF-SHA256.</summary>
    public const int Nh = 32;

    private static ReadOnlySpan<byte> Version => "HPKE-v1"u8;

    /// <summary>"KEM" || I2OSP(kem_id, 2).</summary>
    public static byte[] KemSuiteId(KemId kem)
    {
        var id = new byte[5];
        "KEM"u8.CopyTo(id);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(3), (ushort)kem);
        return id;
    }

    /// <summary>"HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2).</summary>
    public static byte[] HpkeSuiteId(KemId kem, KdfId kdf, AeadId aead)
    {
        var id = new byte[10];
        "HPKE"u8.CopyTo(id);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(4), (ushort)kem);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(6), (ushort)kdf);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(8), (ushort)aead);
        return id;
    }

    /// <summary>Extract(salt, "HPKE-v1" || suite_id || label || ikm) into <paramref name="prk"/> (Nh bytes).</summary>
    public static void Extract(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> label,
        ReadOnlySpan<byte> ikm, Span<byte> prk)
    {
        int n = Version.Length + suiteId.Length + label.Length + ikm.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(n);
        Span<byte> labeled = buffer.AsSpan(0, n);
        try
        {
            Put(labeled, Put(labeled, Put(labeled, Put(labeled, 0, Version), suiteId), label), ikm);
            HKDF.Extract(HashAlgorithmName.SHA256, labeled, salt, prk[..Nh]);
        }
        finally
        {
            // The labeled IKM holds DH outputs and PSKs.
            CryptographicOperations.ZeroMemory(labeled);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L) into <paramref name="output"/>.</summary>
    public static void Expand(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> label,
        ReadOnlySpan<byte> info, Span<byte> output)
    {
        if (output.Length > 255 * Nh)
            throw new ArgumentOutOfRangeException(nameof(output), $"HKDF-SHA256 can expand at most {255 * Nh} bytes.");
        if (output.IsEmpty)
            return; // Nk = Nn = 0 for the export-only AEAD
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)output.Length);
        int n = 2 + Version.Length + suiteId.Length + label.Length + info.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(n);
        Span<byte> labeled = buffer.AsSpan(0, n);
        try
        {
            Put(labeled, Put(labeled, Put(labeled, Put(labeled, Put(labeled, 0, length), Version), suiteId), label), info);
            HKDF.Expand(HashAlgorithmName.SHA256, prk, output, labeled);
        }
        finally
        {
            // Expansion info may carry KEM context (public) but also exporter contexts; cheap to clear.
            CryptographicOperations.ZeroMemory(labeled);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies <paramref name="part"/> at <paramref name="offset"/>; returns the offset after it.</summary>
    internal static int Put(Span<byte> destination, int offset, ReadOnlySpan<byte> part)
    {
        part.CopyTo(destination[offset..]);
        return offset + part.Length;
    }
}
