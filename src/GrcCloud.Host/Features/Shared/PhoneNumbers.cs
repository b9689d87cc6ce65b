using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace GrcCloud.Host.Features.Shared;

/// <summary>
/// The one rule for a telephone number, wherever one is typed (a form's phone field, a resident's or
/// the town's contact details, a service, the counter, a recipe): a French number (10 digits from 0,
/// or +33 and 9 digits) or + and a country code, with spaces, dots or dashes between digits only.
/// Such a number is safe in a <c>tel:</c> link; "javascript:alert(1)" is not one.
/// </summary>
public static partial class PhoneNumbers
{
    public const int MaxLength = 25;
    public const string Expected = "10 chiffres commençant par 0 (par exemple 05 63 58 00 00), ou + et l'indicatif du pays, avec des espaces, points ou tirets entre les chiffres";

    /// <summary>The number without its separators ("0563580000", "+33563580000"); null when it is not a telephone number.</summary>
    public static string? Compact(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
            return null;
        var compact = Separators().Replace(text.Trim(), "");
        var valid = compact.StartsWith("+33", StringComparison.Ordinal)
            ? FrenchInternational().IsMatch(compact)
            : French().IsMatch(compact) || International().IsMatch(compact);
        return valid ? compact : null;
    }

    public static bool IsValid(string? text) => Compact(text) is not null;

    /// <summary>A <c>tel:</c> address, or null (Razor then leaves the link without href) for a value stored before this rule.</summary>
    public static string? Tel(string? text) => Compact(text) is { } compact ? "tel:" + compact : null;

    [GeneratedRegex("(?<=[0-9])[ .\\-]+(?=[0-9])")]
    private static partial Regex Separators();

    [GeneratedRegex("^0[1-9][0-9]{8}$")]
    private static partial Regex French();

    [GeneratedRegex("^\\+33[1-9][0-9]{8}$")]
    private static partial Regex FrenchInternational();

    [GeneratedRegex("^\\+[1-9][0-9]{7,14}$")]
    private static partial Regex International();
}

/// <summary><see cref="PhoneNumbers"/>'s rule on a page's bound property (empty is left to [Required]).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PhoneNumberAttribute : ValidationAttribute
{
    public PhoneNumberAttribute() : base($"Le numéro de téléphone n'est pas valide : {PhoneNumbers.Expected}.") { }

    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || PhoneNumbers.IsValid(text);
}
