using System.Text.Json.Serialization;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>How the dummy batch is fitted to the observed gradient (attack.options.method: "dlg" or "inverting-gradients").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InversionMethod>))]
public enum InversionMethod
{
    /// <summary>Deep Leakage from Gradients (Zhu, Liu, Han, NeurIPS 2019): L-BFGS on the squared Euclidean
    /// distance between gradients, with the labels fixed by iDLG's trick instead of optimized.</summary>
    [JsonStringEnumMemberName("dlg")]
    Dlg,

    /// <summary>Inverting Gradients (Geiping, Bauermeister, Dröge, Moeller, NeurIPS 2020): Adam on one minus
    /// the cosine similarity of the gradients plus a total-variation prior, inputs kept in the data range.</summary>
    [JsonStringEnumMemberName("inverting-gradients")]
    InvertingGradients,
}
