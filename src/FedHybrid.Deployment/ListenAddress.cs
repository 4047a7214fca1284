using System.Net;

namespace FedHybrid.Deployment;

/// <summary>Parses a --listen value: "IP:PORT", "[IPv6]:PORT", "localhost:PORT" or "*:PORT"
/// (all interfaces), optionally prefixed with "https://". Port 0 picks a free port.</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            text = text["https://".Length..].TrimEnd('/');
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out int port) || port is < 0 or > 65535)
            throw new FormatException($"--listen '{value}': expected HOST:PORT, e.g. 0.0.0.0:5001 or 127.0.0.1:5001.");
        var host = text[..colon].Trim('[', ']');
        IPAddress address = host switch
        {
            "*" or "+" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(host, out var ip) => ip,
            _ => throw new FormatException($"--listen '{value}': '{host}' is not an IP address; give the address of the interface to listen on."),
        };
        return new IPEndPoint(address, port);
    }
}
