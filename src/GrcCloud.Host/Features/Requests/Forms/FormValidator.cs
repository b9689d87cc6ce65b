using System.Globalization;
using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Host.Features.Shared;
using Microsoft.Extensions.Primitives;

namespace GrcCloud.Host.Features.Requests.Forms;

/// <summary>
/// Checks what a resident posted against a theme's fields (posted as "f.&lt;name&gt;"; a location as
/// "f.&lt;name&gt;.lat", ".lon" and ".texte"). Nothing is stored; the page escapes every value on output,
/// so HTML is kept as typed. Attachments are checked elsewhere (<see cref="AttachmentChecks"/>).
/// </summary>
public static partial class FormValidator
{
    public const string Prefix = "f.";
    public const int TextMaxDefault = 200;
    public const int TextareaMaxDefault = 4000;
    public const int AddressMax = 300;
    public const int EmailMax = EmailAddresses.MaxLength;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The HTML id of a field's input, the key of its error.</summary>
    public static string Id(string fieldName) => "f_" + fieldName;

    /// <summary>The HTML id of a location's description, the key of its error.</summary>
    public static string LocationTextId(string fieldName) => Id(fieldName) + "_texte";

    /// <summary>With <paramref name="town"/>, a point on a map must fall in its commune's area (when the town has one).</summary>
    public static FormValidationResult Validate(IReadOnlyList<FormField> fields, IFormCollection form, TenantInfo? town = null)
    {
        var answers = new List<FormAnswer>();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        // Form keys are case-insensitive in ASP.NET Core, so the expected names are too.
        var expected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var field in fields)
        {
            var name = Prefix + field.Name;
            if (field.Type == "attachments")
                continue; // files are posted as "fichiers" and checked by AttachmentChecks
            if (field.Type == "location")
            {
                expected.UnionWith([name + ".lat", name + ".lon", name + ".texte"]);
                ValidateLocation(field, form, town, answers, errors);
                continue;
            }
            expected.Add(name);
            var error = field.Type == "multichoice"
                ? Multichoice(field, form[name], out var values)
                : Single(field, form[name], out values);
            if (error is not null)
                errors[Id(field.Name)] = error;
            else if (values.Count > 0)
                answers.Add(new FormAnswer(field.Name, field.Label, field.Type, values));
        }

        // A name the form never offered means a forged or outdated post: refuse rather than ignore.
        if (form.Keys.Any(k => k.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !expected.Contains(k)))
            errors[""] = "Le formulaire envoyé contient un champ inconnu : rechargez la page et recommencez.";
        return new FormValidationResult(answers, errors);
    }

    private static string? Single(FormField field, StringValues posted, out IReadOnlyList<string> values)
    {
        values = [];
        if (ReadOne(field.Label, posted, out var text) is { } readError)
            return readError;
        if (text.Length == 0)
            return field.Required ? Required(field) : null;
        (string? Value, string? Error) result = field.Type switch
        {
            "text" => Length(field, text, field.MaxLength ?? TextMaxDefault),
            "textarea" => Length(field, text, field.MaxLength ?? TextareaMaxDefault),
            "address" => Length(field, text, AddressMax),
            "number" => Number(field, text),
            "date" => Date(field, text),
            "email" => Email(field, text),
            "phone" => Phone(field, text),
            "choice" => field.Options?.Contains(text, StringComparer.Ordinal) == true
                ? (text, null)
                : (null, $"La réponse choisie pour « {field.Label} » ne fait pas partie des réponses proposées."),
            "yesno" => text is "oui" or "non" ? (text, null) : (null, $"Répondez par oui ou par non à « {field.Label} »."),
            _ => (null, $"Le champ « {field.Label} » est d'un type inconnu."),
        };
        if (result.Value is not null)
            values = [result.Value];
        return result.Error;
    }

    private static string? Multichoice(FormField field, StringValues posted, out IReadOnlyList<string> values)
    {
        values = [];
        var chosen = new List<string>();
        foreach (var raw in posted)
        {
            if (Clean(raw) is not { } text)
                return ControlCharacters(field.Label);
            if (text.Length == 0)
                continue;
            if (field.Options?.Contains(text, StringComparer.Ordinal) != true)
                return $"Une réponse cochée pour « {field.Label} » ne fait pas partie des réponses proposées.";
            if (chosen.Contains(text, StringComparer.Ordinal))
                return $"Une réponse a été envoyée deux fois pour « {field.Label} ».";
            chosen.Add(text);
        }
        if (chosen.Count == 0)
            return field.Required ? Required(field) : null;
        values = [.. field.Options!.Where(chosen.Contains)]; // in the options' order, whatever the post's
        return null;
    }

    private static void ValidateLocation(FormField field, IFormCollection form, TenantInfo? town, List<FormAnswer> answers, Dictionary<string, string> errors)
    {
        var name = Prefix + field.Name;
        var textId = LocationTextId(field.Name);
        if (ReadOne(field.Label, form[name + ".texte"], out var description) is { } textError)
        {
            errors[textId] = textError;
            return;
        }
        var max = field.MaxLength ?? TextareaMaxDefault;
        if (description.Length > max)
        {
            errors[textId] = $"La description du lieu pour « {field.Label} » ne doit pas dépasser {max} caractères ({description.Length} actuellement).";
            return;
        }

        string? point = null;
        if (ReadOne(field.Label, form[name + ".lat"], out var latText) is { } latError)
            errors[Id(field.Name) + "_lat"] = latError;
        else if (ReadOne(field.Label, form[name + ".lon"], out var lonText) is { } lonError)
            errors[Id(field.Name) + "_lon"] = lonError;
        else if (latText.Length > 0 || lonText.Length > 0)
        {
            // A point needs both coordinates, each within its range.
            if (!TryParseNumber(latText, out var lat) || lat is < -90 or > 90)
                errors[Id(field.Name) + "_lat"] = $"La latitude de « {field.Label} » doit être un nombre compris entre -90 et 90.";
            else if (!TryParseNumber(lonText, out var lon) || lon is < -180 or > 180)
                errors[Id(field.Name) + "_lon"] = $"La longitude de « {field.Label} » doit être un nombre compris entre -180 et 180.";
            else if (town?.Area is { } area && !area.Contains((double)lat, (double)lon))
                errors[Id(field.Name) + "_lat"] = $"Ce lieu est hors de la commune de {town.Name} : placez le point dans la commune, ou effacez la position et décrivez le lieu.";
            else
                point = string.Create(CultureInfo.InvariantCulture, $"{lat:F6},{lon:F6}");
        }
        if (errors.ContainsKey(Id(field.Name) + "_lat") || errors.ContainsKey(Id(field.Name) + "_lon"))
            return;

        // The description is the accessible alternative to the map: either one satisfies the field.
        if (point is null && description.Length == 0)
        {
            if (field.Required)
                errors[textId] = $"Décrivez le lieu ou indiquez sa position pour « {field.Label} ».";
            return;
        }
        if (point is not null)
            answers.Add(new FormAnswer(field.Name, field.Label, "location", [point]));
        if (description.Length > 0)
            answers.Add(new FormAnswer(field.Name + ".texte", field.Label + " (description du lieu)", "textarea", [description]));
    }

    /// <summary>Reads one posted value, cleaned; an error when it was posted twice or has control characters.</summary>
    private static string? ReadOne(string label, StringValues posted, out string text)
    {
        text = "";
        if (posted.Count > 1)
            return $"Le champ « {label} » a été envoyé plusieurs fois.";
        if (Clean(posted.Count == 0 ? null : posted[0]) is not { } clean)
            return ControlCharacters(label);
        text = clean;
        return null;
    }

    /// <summary>Line breaks made "\n" (browsers post "\r\n"), trimmed; null when other control characters remain.</summary>
    private static string? Clean(string? raw)
    {
        var text = (raw ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\t')
                return null;
        }
        return text.Trim();
    }

    private static (string?, string?) Length(FormField field, string text, int max) =>
        text.Length <= max
            ? (text, null)
            : (null, $"Le champ « {field.Label} » ne doit pas dépasser {max} caractères ({text.Length} actuellement).");

    private static (string?, string?) Number(FormField field, string text)
    {
        if (!TryParseNumber(text, out var value))
            return (null, $"Le champ « {field.Label} » doit être un nombre, par exemple 12 ou 12,5.");
        var (min, max) = (field.Min, field.Max);
        if (value < min || value > max)
        {
            return (null, (min, max) switch
            {
                ({ } lo, { } hi) => $"Le champ « {field.Label} » doit être compris entre {Show(lo, French)} et {Show(hi, French)}.",
                ({ } lo, null) => $"Le champ « {field.Label} » doit être supérieur ou égal à {Show(lo, French)}.",
                _ => $"Le champ « {field.Label} » doit être inférieur ou égal à {Show(max!.Value, French)}.",
            });
        }
        return (Show(value, CultureInfo.InvariantCulture), null);
    }

    /// <summary>Accepts "12,5" (French) and "12.5" (what browsers post); no thousands separators.</summary>
    internal static bool TryParseNumber(string text, out decimal value) =>
        decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);

    private static string Show(decimal value, CultureInfo culture) => value.ToString("0.############################", culture);

    private static (string?, string?) Date(FormField field, string text)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return (null, $"Le champ « {field.Label} » doit être une date qui existe, sous la forme aaaa-mm-jj (par exemple 2026-03-14).");
        if (date.Year is < 1900 or > 2100)
            return (null, $"Le champ « {field.Label} » doit être une date comprise entre 1900 et 2100.");
        return (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
    }

    private static (string?, string?) Email(FormField field, string text) =>
        EmailAddresses.IsValid(text) ? (text, null) : (null, $"Le champ « {field.Label} » doit être une adresse e-mail valide, par exemple nom@exemple.fr.");

    private static (string?, string?) Phone(FormField field, string text) =>
        PhoneNumbers.Compact(text) is { } compact
            ? (compact, null)
            : (null, $"Le champ « {field.Label} » doit être un numéro de téléphone : {PhoneNumbers.Expected}.");

    private static string Required(FormField field) => field.Type is "choice" or "multichoice" or "yesno"
        ? $"Choisissez une réponse pour « {field.Label} »."
        : $"Le champ « {field.Label} » est obligatoire.";

    private static string ControlCharacters(string label) => $"Le champ « {label} » contient des caractères non autorisés.";

}
