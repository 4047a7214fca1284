using System.Globalization;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Checks one number a client reported (a loss, an accuracy, a timing) the way the delta is
/// checked: NaN or infinity is <see cref="UpdateRejection.NotFinite"/>, a value outside its range
/// <see cref="UpdateRejection.ReportOutOfRange"/>. Null when it passes.</summary>
public static class ReportedValue
{
    public static UpdateVerdict? Check(string field, double value, double min, double max)
    {
        if (!double.IsFinite(value))
            return UpdateVerdict.Reject(UpdateRejection.NotFinite, $"the reported {field} is {value.ToString(CultureInfo.InvariantCulture)}");
        if (value < min || value > max)
            return UpdateVerdict.Reject(UpdateRejection.ReportOutOfRange,
                $"the reported {field} {value.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return null;
    }
}
