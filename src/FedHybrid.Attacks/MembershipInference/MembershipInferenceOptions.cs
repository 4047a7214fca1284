using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Attacks.MembershipInference;

/// <summary>The membership-inference attack's options (<c>attack.options</c>). The population is 2 x
/// <see cref="TargetMembers"/> training images: the target trains on a random half; each image is IN exactly half of the
/// <see cref="Shadows"/> shadow models (Carlini et al.'s design), so a shadow trains on about as many images as the target.</summary>
public sealed record MembershipInferenceOptions
{
    /// <summary>Shadow models; LiRA needs at least 4 so that every image has two IN and two OUT fits.</summary>
    [Range(4, 256)]
    public int Shadows { get; init; } = 8;

    /// <summary>Images the target trains on (as many more are the non-members it is tested against).</summary>
    [Range(10, 30_000)]
    public int TargetMembers { get; init; } = 100;

    /// <summary>Draws the population, the memberships and every model's seed.</summary>
    public int Seed { get; init; }
}
