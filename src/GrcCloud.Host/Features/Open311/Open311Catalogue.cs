using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Host.Features.Portal;

namespace GrcCloud.Host.Features.Open311;

/// <summary>A theme offered as an Open311 service, with its family (the service's group).</summary>
public sealed record Open311Service(ThemeView Theme, FamilyView Family)
{
    /// <summary>The map point of the form (lat/long), when the theme asks for one.</summary>
    public FormField? LocationField => Theme.Fields.FirstOrDefault(f => f.Type == "location");

    /// <summary>The form's first address field, fed by address_string.</summary>
    public FormField? AddressField => Theme.Fields.FirstOrDefault(f => f.Type == "address");

    /// <summary>A located theme needs lat/long or address_string (the spec's location), not an attribute.</summary>
    public bool IsLocated => LocationField is not null || AddressField is not null;

    /// <summary>
    /// The form's fields an application answers as <c>attribute[code]</c>: all but the location (lat/long),
    /// the address (address_string) and the files (an application gives media_url instead).
    /// </summary>
    public IReadOnlyList<FormField> Attributes =>
        [.. Theme.Fields.Where(f => f.Type is not ("location" or "attachments") && f != AddressField)];
}

/// <summary>The town's catalogue as Open311 services: one service per theme, its code the theme's slug.</summary>
public static class Open311Catalogue
{
    /// <summary>
    /// Themes that need FranceConnect (civil status) are left out: an application cannot prove who the
    /// resident is, and the portal never takes such a request without that proof.
    /// </summary>
    public static IReadOnlyList<Open311Service> Services(CatalogueView catalogue) =>
        [.. catalogue.Families.SelectMany(f => f.Themes
            .Where(t => t.Identification != IdentificationRequirement.FranceConnect)
            .Select(t => new Open311Service(t, f)))];

    public static Open311Service? Find(CatalogueView catalogue, string code) =>
        Services(catalogue).FirstOrDefault(s => s.Theme.Slug == code);

    public static Open311Object ServiceEntry(Open311Service service) => new()
    {
        { "service_code", service.Theme.Slug },
        { "service_name", service.Theme.Title },
        { "description", service.Theme.Summary },
        { "metadata", service.Attributes.Count > 0 },
        { "type", "realtime" },
        { "keywords", service.Theme.Keywords.Count > 0 ? string.Join(",", service.Theme.Keywords) : null },
        { "group", service.Family.Title },
    };

    public static Open311Object Definition(Open311Service service) => new()
    {
        { "service_code", service.Theme.Slug },
        { "attributes", new Open311List("attribute", [.. service.Attributes.Select((f, i) => (object?)Attribute(f, i + 1))]) },
    };

    private static Open311Object Attribute(FormField field, int order)
    {
        var values = field.Type switch
        {
            "choice" or "multichoice" => field.Options ?? [],
            "yesno" => ["oui", "non"],
            _ => (IReadOnlyList<string>?)null,
        };
        var attribute = new Open311Object
        {
            { "variable", true },
            { "code", field.Name },
            { "datatype", Datatype(field.Type) },
            { "required", field.Required },
            { "datatype_description", DatatypeDescription(field) },
            { "order", order },
            { "description", field.Help is { Length: > 0 } help ? $"{field.Label} ({help})" : field.Label },
        };
        if (values is not null)
            attribute.Add("values", new Open311List("value", [.. values.Select(v => (object?)new Open311Object { { "key", v }, { "name", v } })]));
        return attribute;
    }

    /// <summary>The spec's datatypes: string, number, datetime, text, singlevaluelist, multivaluelist.</summary>
    public static string Datatype(string fieldType) => fieldType switch
    {
        "textarea" => "text",
        "number" => "number",
        "date" => "datetime",
        "choice" or "yesno" => "singlevaluelist",
        "multichoice" => "multivaluelist",
        _ => "string",
    };

    private static string? DatatypeDescription(FormField field) => field.Type switch
    {
        "date" => "Une date, sous la forme aaaa-mm-jj (par exemple 2026-03-14).",
        "email" => "Une adresse e-mail, par exemple nom@exemple.fr.",
        "phone" => "Un numéro de téléphone français, par exemple 05 63 12 34 56.",
        "number" => (field.Min, field.Max) switch
        {
            ({ } lo, { } hi) => string.Create(CultureInfo.InvariantCulture, $"Un nombre entre {lo} et {hi}."),
            ({ } lo, null) => string.Create(CultureInfo.InvariantCulture, $"Un nombre supérieur ou égal à {lo}."),
            (null, { } hi) => string.Create(CultureInfo.InvariantCulture, $"Un nombre inférieur ou égal à {hi}."),
            _ => "Un nombre.",
        },
        "text" or "textarea" => string.Create(CultureInfo.InvariantCulture, $"{field.MaxLength ?? (field.Type == "text" ? FormValidator.TextMaxDefault : FormValidator.TextareaMaxDefault)} caractères au plus."),
        "multichoice" => "Une ou plusieurs des valeurs proposées : attribute[code][]=valeur, répété.",
        _ => null,
    };
}
