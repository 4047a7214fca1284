using System.Runtime.InteropServices;

namespace FedHybrid.Crypto.Chunked;

/// <summary>The few EVP functions of the system's OpenSSL libcrypto (the library .NET's own AesGcm calls
/// on Linux) that chunk sealing needs, bound once at first use. Calling them directly lets one cipher
/// context serve every chunk: .NET's AesGcm spends about 2 us of per-call overhead, which at 16 KiB
/// chunks is a fifth of the work. Unavailable (and never loaded) outside Linux.</summary>
internal static unsafe class LibCrypto
{
    public const int CtrlGcmGetTag = 0x10;
    public const int CtrlGcmSetTag = 0x11;

    public static readonly bool IsAvailable;
    public static readonly delegate* unmanaged<nint> CipherCtxNew;
    public static readonly delegate* unmanaged<nint, void> CipherCtxFree;
    public static readonly delegate* unmanaged<nint> Aes256Gcm;
    public static readonly delegate* unmanaged<nint, nint, nint, byte*, byte*, int> EncryptInit;
    public static readonly delegate* unmanaged<nint, byte*, int*, byte*, int, int> EncryptUpdate;
    public static readonly delegate* unmanaged<nint, byte*, int*, int> EncryptFinal;
    public static readonly delegate* unmanaged<nint, nint, nint, byte*, byte*, int> DecryptInit;
    public static readonly delegate* unmanaged<nint, byte*, int*, byte*, int, int> DecryptUpdate;
    public static readonly delegate* unmanaged<nint, byte*, int*, int> DecryptFinal;
    public static readonly delegate* unmanaged<nint, int, int, byte*, int> CipherCtxCtrl;

    static LibCrypto()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            if (Bind(lib, "EVP_CIPHER_CTX_new", out var ctxNew) && Bind(lib, "EVP_CIPHER_CTX_free", out var ctxFree)
                && Bind(lib, "EVP_aes_256_gcm", out var aes) && Bind(lib, "EVP_EncryptInit_ex", out var encInit)
                && Bind(lib, "EVP_EncryptUpdate", out var encUpdate) && Bind(lib, "EVP_EncryptFinal_ex", out var encFinal)
                && Bind(lib, "EVP_DecryptInit_ex", out var decInit) && Bind(lib, "EVP_DecryptUpdate", out var decUpdate)
                && Bind(lib, "EVP_DecryptFinal_ex", out var decFinal) && Bind(lib, "EVP_CIPHER_CTX_ctrl", out var ctrl))
            {
                CipherCtxNew = (delegate* unmanaged<nint>)ctxNew;
                CipherCtxFree = (delegate* unmanaged<nint, void>)ctxFree;
                Aes256Gcm = (delegate* unmanaged<nint>)aes;
                EncryptInit = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int>)encInit;
                EncryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)encUpdate;
                EncryptFinal = (delegate* unmanaged<nint, byte*, int*, int>)encFinal;
                DecryptInit = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int>)decInit;
                DecryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)decUpdate;
                DecryptFinal = (delegate* unmanaged<nint, byte*, int*, int>)decFinal;
                CipherCtxCtrl = (delegate* unmanaged<nint, int, int, byte*, int>)ctrl;
                IsAvailable = true;
                return;
            }
            NativeLibrary.Free(lib);
        }
    }

    static bool Bind(nint lib, string name, out nint address) => NativeLibrary.TryGetExport(lib, name, out address);
}
