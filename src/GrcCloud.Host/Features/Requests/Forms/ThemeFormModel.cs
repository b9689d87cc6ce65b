using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Requests.Forms;

/// <summary>
/// What the _ThemeForm partial renders: the theme's fields, the values to show (keyed by field name, and
/// "&lt;name&gt;.lat", ".lon", ".texte" for a location) and the errors keyed by input id (see <see cref="FormValidator"/>).
/// </summary>
public sealed record ThemeFormModel(
    IReadOnlyList<FormField> Fields,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values,
    IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>A blank form, with optional first values (a prefill from the resident's identity).</summary>
    public static ThemeFormModel Blank(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, IReadOnlyList<string>>? values = null) =>
        new(fields, values ?? new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>());

    /// <summary>The form shown again after a refused post: the values as typed, with the errors.</summary>
    public static ThemeFormModel Posted(IReadOnlyList<FormField> fields, IFormCollection form, IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            string[] keys = field.Type == "location"
                ? [field.Name + ".lat", field.Name + ".lon", field.Name + ".texte"]
                : [field.Name];
            foreach (var key in keys)
            {
                if (form.TryGetValue(FormValidator.Prefix + key, out var posted))
                    values[key] = [.. posted.OfType<string>()];
            }
        }
        return new(fields, values, errors);
    }

    /// <summary>The first value to show for a key, or null.</summary>
    public string? Value(string key) => Values.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;

    public bool Has(string key, string value) => Values.TryGetValue(key, out var v) && v.Contains(value, StringComparer.Ordinal);

    public string? Error(string id) => Errors.TryGetValue(id, out var e) ? e : null;
}
