using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace FedHybrid.Deployment;

/// <summary>Parses a --listen value: "IP:PORT", "[IPv6]:PORT", "localhost:PORT" or "*:PORT"
/// (all interfaces), optionally prefixed with "https://". Port 0 picks a free port.</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string value) =>
        TryParse(value, out var endpoint, out var problem) ? endpoint : throw new FormatException($"--listen '{value}': {problem}");

    /// <param name="problem">What is wrong with <paramref name="value"/> when it does not parse.</param>
    public static bool TryParse(string value, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? problem)
    {
        (endpoint, problem) = (null, null);
        var text = value.Trim();
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            text = text["https://".Length..].TrimEnd('/');
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out int port) || port is < 0 or > 65535)
        {
            problem = "expected HOST:PORT, e.g. 0.0.0.0:5001 or 127.0.0.1:5001.";
            return false;
        }
        var host = text[..colon].Trim('[', ']');
        IPAddress? address = host switch
        {
            "*" or "+" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(host, out var ip) => ip,
            _ => null,
        };
        if (address is null)
        {
            problem = $"'{host}' is not an IP address; give the address of the interface to listen on.";
            return false;
        }
        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
