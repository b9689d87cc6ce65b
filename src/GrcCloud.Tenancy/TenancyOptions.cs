namespace GrcCloud.Tenancy;

public sealed class TenancyOptions
{
    public const string Section = "GrcCloud:Tenancy";

    /// <summary>Towns are served on <c>&lt;slug&gt;.&lt;BaseDomain&gt;</c>; the vendor console on <c>ops.&lt;BaseDomain&gt;</c>.</summary>
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>Scheme and port of links printed outside a request (command line); 0 or 80/443 leave the port out.</summary>
    public string PublicScheme { get; set; } = "http";
    public int PublicPort { get; set; }

    /// <summary>"http://lavaur.localhost:5080" for a label under the base domain.</summary>
    public string PublicOrigin(string label) =>
        PublicPort is 0 or 80 or 443 ? $"{PublicScheme}://{label}.{BaseDomain}" : $"{PublicScheme}://{label}.{BaseDomain}:{PublicPort}";

    /// <summary>Seconds announced in Retry-After while a town is being provisioned.</summary>
    public int ProvisioningRetryAfterSeconds { get; set; } = 30;
}
