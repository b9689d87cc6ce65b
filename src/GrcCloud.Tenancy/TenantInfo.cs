using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace GrcCloud.Tenancy;

public enum TenantStatus
{
    /// <summary>The registry entry exists; the schema and catalogue are being created.</summary>
    Provisioning,
    /// <summary>Provisioning stopped on an error: visible to operators, retryable or removable.</summary>
    Failed,
    Active,
    /// <summary>Not served to residents or agents; data kept intact.</summary>
    Suspended,
    Cancelled,
}

/// <summary>
/// One town as the registry knows it. Immutable: the registry swaps whole snapshots.
/// <see cref="Id"/> never changes; <see cref="Slug"/> and <see cref="Hosts"/> may.
/// </summary>
public sealed record TenantInfo(
    Guid Id,
    string Slug,
    string Name,
    string SchemaName,
    ImmutableArray<string> Hosts,
    TenantStatus Status,
    string InseeCode,
    string? Siret,
    string? StatusReason = null,
    int CatalogueVersion = 1,
    CommuneArea? Area = null,
    TownContact? Contact = null)
{
    public bool IsServable => Status == TenantStatus.Active;
}

/// <summary>The town hall's contact from the recipe, kept in the registry: a suspended town's page shows it without opening the town's schema.</summary>
public sealed record TownContact(string? Phone, string? Email, string? Address)
{
    public bool IsEmpty => Phone is null && Email is null && Address is null;
}

/// <summary>
/// The commune's bounding box (WGS 84 degrees), from its recipe: a place given on a map must fall inside.
/// A box, not the outline: generous at the edges, and enough to refuse a point 350 km away.
/// </summary>
public sealed record CommuneArea(double South, double West, double North, double East)
{
    public bool Contains(double latitude, double longitude) =>
        latitude >= South && latitude <= North && longitude >= West && longitude <= East;

    /// <summary>Null when the box is usable, else a French reason.</summary>
    public static string? Check(double south, double west, double north, double east)
    {
        if (south is < -90 or > 90 || north is < -90 or > 90 || west is < -180 or > 180 || east is < -180 or > 180)
            return "latitudes entre -90 et 90, longitudes entre -180 et 180";
        if (south >= north || west >= east)
            return "le sud doit être inférieur au nord, l'ouest inférieur à l'est";
        // The largest commune (Maripasoula, in Guiana) spans about 1.5 degree.
        return north - south > 2 || east - west > 2 ? "une commune tient dans 2 degrés de côté" : null;
    }
}

public static partial class TenantNames
{
    /// <summary>
    /// Labels under the base domain that are never towns. "nouvelle" and "creations" too: the console's
    /// routes /communes/nouvelle and /communes/creations/{id} sit beside a town's page /communes/{slug}.
    /// </summary>
    public static readonly ImmutableHashSet<string> ReservedLabels =
        ImmutableHashSet.Create(StringComparer.Ordinal, "www", "api", "ops", "admin", "static", "nouvelle", "creations");

    public const int MaxSlugLength = 40;

    public static string SchemaFor(string slug) => "t_" + slug.Replace('-', '_');

    public static bool IsValidSchemaName(string schema) => SchemaPattern().IsMatch(schema);

    /// <summary>Null when the slug is acceptable, else a French reason.</summary>
    public static string? CheckSlug(string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug))
            return "l'identifiant (slug) est obligatoire";
        if (slug.Length is < 2 or > MaxSlugLength)
            return $"l'identifiant « {slug} » doit compter de 2 à {MaxSlugLength} caractères";
        if (!SlugPattern().IsMatch(slug))
            return $"l'identifiant « {slug} » ne peut contenir que des minuscules sans accent, des chiffres et des tirets simples, sans tiret au début ni à la fin";
        if (ReservedLabels.Contains(slug))
            return $"l'identifiant « {slug} » est réservé à la plateforme";
        return null;
    }

    [GeneratedRegex("^[a-z0-9](?:-?[a-z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^t_[a-z0-9_]{1,60}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
