using System.Text.Json.Serialization;

namespace FedHybrid.Experiments.Config;

/// <summary>How the run protects the clients' updates with differential privacy (privacy.mechanism).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PrivacyMechanism>))]
public enum PrivacyMechanism
{
    /// <summary>No differential privacy.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>DP-FedAvg at the coordinator (McMahan et al. 2018): clipped updates, Gaussian noise on their sum.</summary>
    [JsonStringEnumMemberName("central-dp")]
    CentralDp,

    /// <summary>Distributed DP under secure aggregation (Kairouz et al. 2021, Agarwal et al. 2021): each client clips,
    /// rotates, rounds and adds its share of discrete noise before masking, so the coordinator sees only a noised sum.</summary>
    [JsonStringEnumMemberName("distributed-dp")]
    DistributedDp,
}
