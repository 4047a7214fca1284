using System.Text.Json.Serialization;

namespace FedHybrid.Experiments.Config;

/// <summary>privacy.distribution: the integer noise each client adds under distributed-dp.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PrivacyDistribution>))]
public enum PrivacyDistribution
{
    /// <summary>The distributed discrete Gaussian (Kairouz, Liu, Steinke, ICML 2021).</summary>
    [JsonStringEnumMemberName("discrete-gaussian")]
    DiscreteGaussian,

    /// <summary>Skellam, the difference of two Poissons (Agarwal, Kairouz, Liu, NeurIPS 2021).</summary>
    [JsonStringEnumMemberName("skellam")]
    Skellam,
}
