namespace FedHybrid.Aggregation.Privacy;

/// <summary>Standard lists of Rényi orders.</summary>
public static class RdpOrders
{
    /// <summary>dp_accounting's DEFAULT_RDP_ORDERS: 1.1, 1.2, …, 10.9, 11, 12, …, 63, 128, 256, 512, 1024.</summary>
    public static IReadOnlyList<double> Default { get; } =
        Enumerable.Range(1, 99).Select(x => 1 + x / 10.0)
            .Concat(Enumerable.Range(11, 53).Select(x => (double)x))
            .Concat([128.0, 256, 512, 1024]).ToArray();

    /// <summary>The list tensorflow_privacy's compute_dp_sgd_privacy uses: 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4,
    /// 4.5, 5, 6, …, 63, 128, 256, 512.</summary>
    public static IReadOnlyList<double> TfPrivacyDpSgd { get; } =
        new[] { 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 3.0, 3.5, 4.0, 4.5 }
            .Concat(Enumerable.Range(5, 59).Select(x => (double)x))
            .Concat([128.0, 256, 512]).ToArray();

    /// <summary>The integer orders 2, 3, …, 128 and 256 that Kairouz et al.'s and Agarwal et al.'s accounting code uses for
    /// the distributed mechanisms, whose subsampled bound (<see cref="SubsampledRdp"/>) needs integer orders.</summary>
    public static IReadOnlyList<double> Integer { get; } =
        Enumerable.Range(2, 127).Select(x => (double)x).Concat([256.0]).ToArray();
}
