using System.Globalization;

namespace GrcCloud.Tenancy;

public enum SiteKind
{
    /// <summary>No town and no platform site answers on this host: 404, never a fallback town.</summary>
    Unknown,
    /// <summary>A town's portal and back-office.</summary>
    Town,
    /// <summary>The vendor console (<c>ops.&lt;base-domain&gt;</c>).</summary>
    Operator,
}

public readonly record struct SiteResolution(SiteKind Kind, TenantInfo? Tenant, string Host)
{
    public static SiteResolution Unknown(string host) => new(SiteKind.Unknown, null, host);
}

/// <summary>
/// Maps a request's host name to a town. Ports are ignored (the caller passes the host alone);
/// the match is an exact, lower-case, ordinal lookup in the registry's frozen map.
/// </summary>
public sealed class TenantHostResolver(TenantRegistry registry, TenancyOptions options)
{
    private readonly string _operatorHost = "ops." + options.BaseDomain.ToLowerInvariant();
    private readonly string _baseSuffix = "." + options.BaseDomain.ToLowerInvariant();

    public SiteResolution Resolve(string? rawHost)
    {
        var host = Normalize(rawHost);
        if (host.Length == 0)
            return SiteResolution.Unknown(host);
        if (host == _operatorHost)
            return new SiteResolution(SiteKind.Operator, null, host);

        // Reserved labels under the base domain are never towns, whatever the registry says.
        if (host.EndsWith(_baseSuffix, StringComparison.Ordinal))
        {
            var label = host.AsSpan(0, host.Length - _baseSuffix.Length);
            if (label.Contains('.') || TenantNames.ReservedLabels.Contains(label.ToString()))
                return SiteResolution.Unknown(host);
        }

        var tenant = registry.FindByHost(host);
        return tenant is null ? SiteResolution.Unknown(host) : new SiteResolution(SiteKind.Town, tenant, host);
    }

    /// <summary>Lower case, no trailing dot, non-ASCII names in their punycode (IDNA) form.</summary>
    public static string Normalize(string? rawHost)
    {
        if (string.IsNullOrEmpty(rawHost))
            return string.Empty;
        var host = rawHost.EndsWith('.') ? rawHost[..^1] : rawHost;
        if (!IsLowerAscii(host))
        {
            host = host.ToLowerInvariant();
            if (!System.Text.Ascii.IsValid(host))
            {
                try { host = new IdnMapping().GetAscii(host); }
                catch (ArgumentException) { return string.Empty; }
            }
        }
        return host;
    }

    private static bool IsLowerAscii(string value)
    {
        foreach (var c in value)
        {
            if (c > 127 || c is >= 'A' and <= 'Z')
                return false;
        }
        return true;
    }
}
