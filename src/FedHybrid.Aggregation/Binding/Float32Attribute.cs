using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace FedHybrid.Aggregation.Binding;

/// <summary>The value is used as a float32 (training runs in single precision): it must neither overflow
/// to infinity there nor, when not zero, underflow to zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class Float32Attribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value switch
    {
        double d => float.IsFinite((float)d) && !((float)d == 0 && d != 0),
        float f => float.IsFinite(f),
        _ => true,
    };

    /// <summary>What is allowed, as <see cref="StrictBinder"/> lists it after "must be".</summary>
    public override string FormatErrorMessage(string name) =>
        "representable as a float32, which training uses (zero, or magnitudes from "
        + $"{float.Epsilon.ToString(CultureInfo.InvariantCulture)} to {float.MaxValue.ToString(CultureInfo.InvariantCulture)})";
}
