namespace GrcCloud.Tenancy;

public sealed class TenancyOptions
{
    public const string Section = "GrcCloud:Tenancy";

    /// <summary>Towns are served on <c>&lt;slug&gt;.&lt;BaseDomain&gt;</c>; the vendor console on <c>ops.&lt;BaseDomain&gt;</c>.</summary>
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>Seconds announced in Retry-After while a town is being provisioned.</summary>
    public int ProvisioningRetryAfterSeconds { get; set; } = 30;
}
