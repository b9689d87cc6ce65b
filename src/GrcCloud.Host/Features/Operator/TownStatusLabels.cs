using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Operator;

/// <summary>A town's state in French, for the console and the command line.</summary>
public static class TownStatusLabels
{
    public static string Of(TenantStatus status) => status switch
    {
        TenantStatus.Provisioning => "en création",
        TenantStatus.Failed => "en échec",
        TenantStatus.Active => "active",
        TenantStatus.Suspended => "suspendue",
        _ => "résiliée",
    };

    /// <summary>Capitalised, with the suspension's reason or the provisioning's error: « Suspendue — motif : … ».</summary>
    public static string Describe(TenantInfo town)
    {
        var label = string.Concat(Of(town.Status)[..1].ToUpperInvariant(), Of(town.Status)[1..]);
        return town.StatusReason is { Length: > 0 } reason
            ? $"{label} — {(town.Status == TenantStatus.Suspended ? "motif" : "détail")} : {reason}"
            : label;
    }
}
