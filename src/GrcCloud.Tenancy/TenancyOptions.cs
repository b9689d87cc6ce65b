using Microsoft.AspNetCore.Http;

namespace GrcCloud.Tenancy;

public sealed class TenancyOptions
{
    public const string Section = "GrcCloud:Tenancy";

    /// <summary>Towns are served on <c>&lt;slug&gt;.&lt;BaseDomain&gt;</c>; the vendor console on <c>ops.&lt;BaseDomain&gt;</c>.</summary>
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>Scheme and port of every absolute link (mails, command line, FranceConnect return); 0 or 80/443 leave the port out.</summary>
    public string PublicScheme { get; set; } = "http";
    public int PublicPort { get; set; }

    /// <summary>"http://lavaur.localhost:5080" for a label under the base domain.</summary>
    public string PublicOrigin(string label) => HostOrigin($"{label}.{BaseDomain}");

    /// <summary>"https://demarches.ville-lavaur.fr": a host name of the registry with the configured scheme and port.</summary>
    public string HostOrigin(string host) =>
        PublicPort is 0 or 80 or 443 ? $"{PublicScheme}://{host}" : $"{PublicScheme}://{host}:{PublicPort}";

    /// <summary>
    /// The request's own site (the host name the registry matched, so always one of the town's) with the
    /// configured scheme and port: never the port or scheme a client wrote in its Host header.
    /// </summary>
    public string RequestOrigin(HttpContext context) =>
        HostOrigin(context.Features.Get<SiteFeature>()?.Resolution.Host ?? throw new InvalidOperationException("Requête hors d'un site résolu."));

    /// <summary>Seconds announced in Retry-After while a town is being provisioned.</summary>
    public int ProvisioningRetryAfterSeconds { get; set; } = 30;
}
