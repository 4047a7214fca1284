namespace FedHybrid.Crypto.Hpke;

/// <summary>The four HPKE modes of RFC 9180 §5: how the sender authenticates, if at all.</summary>
internal enum HpkeMode : byte
{
    /// <summary>No sender authentication.</summary>
    Base = 0,
    /// <summary>The sender holds a pre-shared key.</summary>
    Psk = 1,
    /// <summary>The sender holds an asymmetric (KEM) key; needs a KEM with AuthEncap.</summary>
    Auth = 2,
    /// <summary>Both a pre-shared key and an asymmetric sender key.</summary>
    AuthPsk = 3,
}
