using Microsoft.AspNetCore.Http;

namespace GrcCloud.Tenancy;

/// <summary>What the middleware found, for the matcher policy and the error pages.</summary>
public sealed class SiteFeature(SiteResolution resolution)
{
    public SiteResolution Resolution { get; } = resolution;
    public SiteKind Kind => Resolution.Kind;
    public TenantInfo? Tenant => Resolution.Tenant;
}

/// <summary>
/// Resolves the site from the host, refuses hosts that serve nothing, and keeps residents away from
/// towns that are not active. Health probes are answered whatever the host.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, TenantHostResolver resolver, TenancyOptions options)
{
    /// <summary>Set in <see cref="HttpContext.Items"/> so the error page can say why.</summary>
    public const string RefusalItem = "grccloud.refusal";

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        // The raw header: Request.Host decodes punycode and throws on an invalid name ("xn--.localhost").
        var resolution = resolver.Resolve(new HostString(context.Request.Headers.Host.ToString()).Host);
        context.Features.Set(new SiteFeature(resolution));

        switch (resolution.Kind)
        {
            case SiteKind.Unknown:
                Refuse(context, StatusCodes.Status404NotFound, SiteRefusal.UnknownHost);
                return;
            case SiteKind.Town:
                var tenant = resolution.Tenant!;
                switch (tenant.Status)
                {
                    case TenantStatus.Active:
                        tenantContext.Set(tenant);
                        break;
                    case TenantStatus.Provisioning or TenantStatus.Failed:
                        context.Response.Headers.RetryAfter = options.ProvisioningRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        Refuse(context, StatusCodes.Status503ServiceUnavailable, SiteRefusal.Provisioning);
                        return;
                    case TenantStatus.Suspended:
                        Refuse(context, StatusCodes.Status503ServiceUnavailable, SiteRefusal.Suspended);
                        return;
                    default:
                        Refuse(context, StatusCodes.Status410Gone, SiteRefusal.Cancelled);
                        return;
                }
                break;
        }

        await next(context);
    }

    private static void Refuse(HttpContext context, int status, SiteRefusal refusal)
    {
        context.Items[RefusalItem] = refusal;
        context.Response.StatusCode = status;
    }
}

public enum SiteRefusal
{
    UnknownHost,
    Provisioning,
    Suspended,
    Cancelled,
}
