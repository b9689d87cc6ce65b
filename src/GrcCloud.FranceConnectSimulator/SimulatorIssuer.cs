using Microsoft.Extensions.Options;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>The issuer URL and the path every endpoint lives under (/api/v2, as on FranceConnect).</summary>
internal sealed class SimulatorIssuer
{
    public const string DefaultPath = "/api/v2";
    private readonly string? _configured;

    public SimulatorIssuer(IOptions<SimulatorOptions> options)
    {
        var issuer = options.Value.Issuer?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(issuer))
        {
            Path = DefaultPath;
            return;
        }
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"FranceConnectSimulator:Issuer doit être une URL http(s) absolue : « {issuer} ».");
        _configured = issuer;
        Path = uri.AbsolutePath.TrimEnd('/');
    }

    /// <summary>The path of the issuer, where the endpoints are mapped.</summary>
    public string Path { get; }

    /// <summary>The configured issuer, or the one the request reached (scheme, host, path base).</summary>
    public string For(HttpRequest request) =>
        _configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}{Path}";

    /// <summary>A path of this simulator as the browser sees it (for links and forms).</summary>
    public string LocalPath(HttpRequest request, string endpoint) => $"{request.PathBase}{Path}{endpoint}";
}
