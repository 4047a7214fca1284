using System.Text.Json.Serialization;

namespace FedHybrid.Experiments.Config;

/// <summary>privacy.noise: where central DP's noise comes from (docs/privacy.md, "Whom it protects against").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PrivacyNoise>))]
public enum PrivacyNoise
{
    /// <summary>Seeded by the run seed and the round: reproducible, and no privacy against anyone who knows the seed.</summary>
    [JsonStringEnumMemberName("seeded")]
    Seeded,

    /// <summary>The operating system's CSPRNG: not reproducible.</summary>
    [JsonStringEnumMemberName("system")]
    System,
}
