using System.Net;
using System.Net.Sockets;
using AngleSharp.Dom;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Identity;

/// <summary>
/// A person's browser without the browser: cookies kept per host, forms read from the page (hidden
/// fields and anti-forgery token included) and posted back, redirects followed on demand.
/// </summary>
public sealed class WebSession : IDisposable
{
    private readonly HttpClient _client;

    public WebSession(TestPlatform platform, string host, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        Host = host;
        var port = platform.Port;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = Cookies,
            ConnectCallback = async (context, cancellationToken) =>
            {
                // Town hosts are served by the platform; any other host (the FranceConnect simulator on localhost) by itself.
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                var target = context.DnsEndPoint.Host.EndsWith(".localhost", StringComparison.Ordinal) || context.DnsEndPoint.Host.Contains('.', StringComparison.Ordinal)
                    ? new IPEndPoint(IPAddress.Loopback, port)
                    : new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port);
                await socket.ConnectAsync(target, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri($"http://{host}:{port}/") };
    }

    public CookieContainer Cookies { get; }
    /// <summary>Headers sent with every request (a forged X-Forwarded-For, say).</summary>
    public System.Net.Http.Headers.HttpRequestHeaders Headers => _client.DefaultRequestHeaders;
    public string Host { get; }
    public Uri BaseAddress => _client.BaseAddress!;

    public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);

    public Task<HttpResponseMessage> PostAsync(string url, HttpContent content) => _client.PostAsync(url, content);

    /// <summary>A response whose body is read as it comes (server-sent events).</summary>
    public Task<HttpResponseMessage> OpenStreamAsync(string url, CancellationToken cancellationToken) =>
        _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Any request (any method, headers, body), answered as soon as its headers arrive.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public async Task<IDocument> PageAsync(string url) => await Html.ParseAsync(await GetAsync(url));

    /// <summary>Follows redirects (as a browser would) and returns the last response.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response, int max = 10)
    {
        var current = response;
        for (var i = 0; i < max && (int)current.StatusCode is >= 300 and < 400; i++)
        {
            var location = current.Headers.Location!;
            current = await _client.GetAsync(location.IsAbsoluteUri ? location : new Uri(current.RequestMessage!.RequestUri!, location));
        }
        return current;
    }

    /// <summary>Reads the form of <paramref name="url"/> (the first, or the one matching a selector), fills it and posts it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, IReadOnlyDictionary<string, string> values, string formSelector = "main form", string? button = null)
    {
        var page = await Html.ParseAsync(await _client.GetAsync(url));
        return await SubmitAsync(page, new Uri(BaseAddress, url), values, formSelector, button);
    }

    public async Task<HttpResponseMessage> SubmitAsync(IDocument page, Uri pageUri, IReadOnlyDictionary<string, string> values, string formSelector = "main form", string? button = null)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"Aucun formulaire « {formSelector} » dans la page {pageUri}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
        {
            if (input.GetAttribute("name") is { } name && !values.ContainsKey(name))
                fields.Add(new(name, input.GetAttribute("value") ?? ""));
        }
        fields.AddRange(values);
        if (button is not null)
            fields.Add(new(button, "1"));
        var action = form.GetAttribute("action") is { Length: > 0 } a ? new Uri(pageUri, a) : pageUri;
        return await _client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public void Dispose() => _client.Dispose();
}
