using System.Text;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The kebab-case names of <see cref="UpdateRejection"/> used in metrics and on the wire.</summary>
public static class UpdateRejectionNames
{
    public static string ToName(this UpdateRejection reason)
    {
        var text = reason.ToString();
        var name = new StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
                name.Append('-');
            name.Append(char.ToLowerInvariant(text[i]));
        }
        return name.ToString();
    }
}
