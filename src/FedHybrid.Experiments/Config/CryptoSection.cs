namespace FedHybrid.Experiments.Config;

/// <summary>How models and updates are sealed.</summary>
public sealed record CryptoSection
{
    /// <summary>hpke-x25519-aes256gcm, hpke-p256-aes256gcm, rsa4096-oaep-aes256gcm, pq-xwing-aes256gcm, or none.</summary>
    public string Suite { get; init; } = "hpke-x25519-aes256gcm";

    /// <summary>message, round or run: how often the asymmetric step runs.</summary>
    public string Rekey { get; init; } = "message";

    /// <summary>The signature algorithm of every participant's keys this run makes (ed25519,
    /// ecdsa-p256-sha256, rsa-pss-sha256, ml-dsa-65: the names `fedhybrid keys generate --sig` takes); envelopes are signed and
    /// verified with the algorithm each key was made with.</summary>
    public string Signature { get; init; } = "ed25519";
}
