using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>
/// Reads the administration forms' values, posted as text so that a wrong number or a forged id gets a
/// French message next to its field (never the model binder's English one).
/// </summary>
public sealed partial class AdminInput(ModelStateDictionary modelState)
{
    public string? Text(string key, string? value, string label, int max, bool required = true)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
            modelState.AddModelError(key, $"Indiquez {label}.");
        else if (text is { Length: var length } && length > max)
            modelState.AddModelError(key, $"{Capitalized(label)} compte {max} caractères au plus.");
        return text;
    }

    /// <summary>An optional telephone number under the platform's one rule (<see cref="PhoneNumbers"/>), kept as typed.</summary>
    public string? Phone(string key, string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is not null && !PhoneNumbers.IsValid(text))
            modelState.AddModelError(key, $"Le numéro de téléphone n'est pas valide : {PhoneNumbers.Expected}.");
        return text;
    }

    public int? Number(string key, string? value, string label, int min, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                modelState.AddModelError(key, $"Indiquez {label}.");
            return null;
        }
        if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            modelState.AddModelError(key, $"{Capitalized(label)} doit être un nombre entier de {min} à {max}.");
            return null;
        }
        return number;
    }

    public decimal? Decimal(string key, string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (decimal.TryParse(value.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            return number;
        modelState.AddModelError(key, $"{Capitalized(label)} doit être un nombre.");
        return null;
    }

    /// <summary>An id among the town's own: anything else (another town's id, a forged value) is refused.</summary>
    public Guid? OneOf(string key, string? value, IEnumerable<Guid> known, string message)
    {
        if (Guid.TryParse(value, out var id) && known.Contains(id))
            return id;
        modelState.AddModelError(key, message);
        return null;
    }

    /// <summary>A value of a fixed list (enum names, field types).</summary>
    public string? Choice(string key, string? value, IEnumerable<string> allowed, string message)
    {
        if (value is not null && allowed.Contains(value, StringComparer.Ordinal))
            return value;
        modelState.AddModelError(key, message);
        return null;
    }

    /// <summary>The given identifier, or one made from the title; checked against the pattern and the ones taken.</summary>
    public string? Slug(string key, string? given, string? title, int max, Func<string, bool> taken)
    {
        var slug = string.IsNullOrWhiteSpace(given) ? SlugFrom(title ?? "", max) : given.Trim();
        if (slug.Length == 0)
            return null; // the title's own error says what is missing
        if (slug.Length > max || !SlugPattern().IsMatch(slug))
        {
            modelState.AddModelError(key, $"L'identifiant ne peut contenir que des minuscules sans accent, des chiffres et des tirets simples ({max} caractères au plus).");
            return null;
        }
        if (taken(slug))
        {
            modelState.AddModelError(key, $"L'identifiant « {slug} » est déjà utilisé.");
            return null;
        }
        return slug;
    }

    /// <summary>"Réserver une salle !" → "reserver-une-salle".</summary>
    public static string SlugFrom(string title, int max)
    {
        var builder = new StringBuilder();
        foreach (var c in Unaccented.Of(title).ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : c is 'œ' ? 'o' : '-';
            if (keep != '-' || (builder.Length > 0 && builder[^1] != '-'))
                builder.Append(keep);
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length <= max ? slug : slug[..max].TrimEnd('-');
    }

    private static string Capitalized(string label)
    {
        // "le titre" → "Le titre"; "l'adresse" → "L'adresse".
        return label.Length == 0 ? label : char.ToUpperInvariant(label[0]) + label[1..];
    }

    [GeneratedRegex("^[a-z0-9](?:-?[a-z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
