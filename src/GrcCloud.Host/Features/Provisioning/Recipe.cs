using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Provisioning;

// The YAML shape of tenants/<folder>/*.yaml, documented in tenants/README.md.
// Properties are settable for the YAML reader; RecipeValidator checks them after loading.

public sealed class TownFile
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? Insee { get; set; }
    public string? Siret { get; set; }
    public string? Template { get; set; }
    public List<string>? Hosts { get; set; }
    public BrandingFile? Branding { get; set; }
    public ContactFile? Contact { get; set; }
    public string? MailSenderName { get; set; }
    public string? EmergencyBanner { get; set; }
    public string? Appeal { get; set; }
    public Dictionary<string, ServiceContactFile>? Services { get; set; }
    public List<string>? DisabledThemes { get; set; }
    public FranceConnectFile? Franceconnect { get; set; }
    public AreaFile? Area { get; set; }
}

/// <summary>The commune's bounding box in degrees (WGS 84): places given on a map must fall inside.</summary>
public sealed class AreaFile
{
    public double? South { get; set; }
    public double? West { get; set; }
    public double? North { get; set; }
    public double? East { get; set; }

    public CommuneArea? ToArea() => South is { } s && West is { } w && North is { } n && East is { } e ? new CommuneArea(s, w, n, e) : null;

    public static AreaFile? From(CommuneArea? area) =>
        area is null ? null : new AreaFile { South = area.South, West = area.West, North = area.North, East = area.East };
}

/// <summary>The town's own FranceConnect credentials (demo towns: the local simulator).</summary>
public sealed class FranceConnectFile
{
    public string? Environment { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
}

public sealed class BrandingFile
{
    public string? PrimaryColor { get; set; }
    public string? AccentColor { get; set; }
    public string? Logo { get; set; }
}

public sealed class ContactFile
{
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Hours { get; set; }
}

public sealed class ServiceContactFile
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

public sealed class ServicesFile
{
    public List<ServiceFile>? Services { get; set; }
}

public sealed class ServiceFile
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

public sealed class CatalogueFile
{
    public List<FamilyFile>? Families { get; set; }
}

public sealed class FamilyFile
{
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public List<ThemeFile>? Themes { get; set; }
}

public sealed class ThemeFile
{
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Service { get; set; }
    public int? DueDays { get; set; }
    public string? Identification { get; set; }
    public string? Silence { get; set; }
    public string? Notice { get; set; }
    public GuardRailFile? GuardRail { get; set; }
    /// <summary>An elected official validates the decision before it is given.</summary>
    public bool RequiresValidation { get; set; }
    /// <summary>A site visit is usual: the back-office offers to schedule one.</summary>
    public bool SiteVisit { get; set; }
    /// <summary>A report (signalement): no decision follows, so its acknowledgement gives no appeal routes.</summary>
    public bool Report { get; set; }
    /// <summary>Other words residents type for this theme, for the portal's search.</summary>
    public List<string>? Keywords { get; set; }
    public List<FieldFile>? Fields { get; set; }
}

public sealed class GuardRailFile
{
    public string? Message { get; set; }
    public string? CallNumber { get; set; }
    public string? CallLabel { get; set; }
}

public sealed class FieldFile
{
    public string? Name { get; set; }
    public string? Label { get; set; }
    public string? Type { get; set; }
    public bool Required { get; set; }
    public string? Help { get; set; }
    public int? MaxLength { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public List<string>? Options { get; set; }
    public string? Prefill { get; set; }
    public int? MaxFiles { get; set; }
}

public sealed class MailFile
{
    public Dictionary<string, MailTextFile>? Mails { get; set; }
}

public sealed class MailTextFile
{
    public string? Subject { get; set; }
    public string? Body { get; set; }
}

public sealed class RepliesFile
{
    public List<ReplyFile>? Replies { get; set; }
}

/// <summary>A reply template: a status (snake_case of RequestStatus), an optional theme slug, a title and a body.</summary>
public sealed class ReplyFile
{
    public string? Status { get; set; }
    public string? Theme { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
}

/// <summary>A recipe after loading and checking: everything provisioning needs, nothing left to validate.</summary>
public sealed record TownRecipe(
    string Folder,
    TownFile Town,
    IReadOnlyList<ServiceFile> Services,
    IReadOnlyList<FamilyFile> Families,
    IReadOnlyDictionary<string, MailTextFile> Mails,
    byte[]? Logo,
    string? LogoContentType,
    IReadOnlyList<ReplyFile> Replies);
