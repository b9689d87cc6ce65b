namespace GrcCloud.Host.Features.Requests.Forms;

/// <summary>
/// One answer of a theme's form, normalised: trimmed text, numbers in invariant culture, dates as
/// yyyy-MM-dd, yes/no as "oui"/"non", choices exactly as the options are written, a location point as
/// "lat,lon" with 6 decimals (its free description is a separate answer named "&lt;name&gt;.texte").
/// </summary>
public sealed record FormAnswer(string Name, string Label, string Type, IReadOnlyList<string> Values);

/// <summary>What <see cref="FormValidator"/> found: answers in field order, errors keyed by the input's HTML id ("" for the whole form).</summary>
public sealed record FormValidationResult(IReadOnlyList<FormAnswer> Answers, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
