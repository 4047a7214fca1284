namespace FedHybrid.Aggregation.Privacy;

/// <summary>Where central DP's Gaussian noise comes from.</summary>
public enum CentralDpNoise
{
    /// <summary>A generator seeded by the run seed and the round: reproducible to the bit, and so no privacy against
    /// anyone who knows the seed (every client does: it is in the fit instruction). For measuring accuracy.</summary>
    Seeded,

    /// <summary>The operating system's CSPRNG: not reproducible; what a guarantee against the clients needs.</summary>
    System,
}
