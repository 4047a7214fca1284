namespace FedHybrid.Aggregation.Privacy;

/// <summary>Which accountant a figure or a calibration uses.</summary>
public enum PrivacyAccountantKind
{
    /// <summary><see cref="RdpAccountant"/>.</summary>
    Rdp,

    /// <summary><see cref="PldAccountant"/>.</summary>
    Pld,
}
