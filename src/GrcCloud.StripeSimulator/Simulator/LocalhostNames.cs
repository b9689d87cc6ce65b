using System.Net.Sockets;

namespace GrcCloud.StripeSimulator.Simulator;

/// <summary>
/// Webhook addresses such as <c>http://ops.localhost:5080/…</c> (the platform's console host) reach the
/// loopback, as browsers resolve every <c>*.localhost</c> name (RFC 6761); the system resolver here does not.
/// </summary>
public static class LocalhostNames
{
    public static SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var target = host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : host;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
