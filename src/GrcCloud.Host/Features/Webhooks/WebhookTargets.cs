using System.Net;
using System.Net.Sockets;

namespace GrcCloud.Host.Features.Webhooks;

/// <summary>
/// Where a webhook may be sent (SSRF): HTTPS only, never a loopback, private, link-local or otherwise
/// internal address, checked when the supervisor subscribes and again on every connection (the name
/// may resolve elsewhere later). The local run (Development) and the tests may use loopback and HTTP.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Null when the address is acceptable; otherwise the French reason.</summary>
    public static string? Check(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 500 || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return "Indiquez une adresse complète, par exemple https://logiciel.exemple.fr/grccloud (500 caractères au plus).";
        if (!allowPrivate && uri.Scheme != "https")
            return "L'adresse doit commencer par https:// : les envois sont chiffrés.";
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
            return "L'adresse ne doit contenir ni identifiants ni fragment (#).";
        if (allowPrivate)
            return null;
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var literal) && IsInternal(literal)))
            return "Cette adresse désigne un réseau interne : indiquez l'adresse publique du logiciel.";
        return null;
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, shared (100.64/10), unspecified or multicast.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC;
        }
        var v4 = address.GetAddressBytes();
        return v4[0] is 0 or 10 or 127 || v4[0] >= 224
            || (v4[0] == 172 && v4[1] is >= 16 and <= 31)
            || (v4[0] == 192 && v4[1] == 168)
            || (v4[0] == 169 && v4[1] == 254)
            || (v4[0] == 100 && v4[1] is >= 64 and <= 127);
    }

    /// <summary>The sockets handler's connect step: resolves the name and refuses an internal address, unless allowed.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(bool allowPrivate) => async (context, cancellationToken) =>
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || !IsInternal(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException("Adresse refusée : elle désigne un réseau interne.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
