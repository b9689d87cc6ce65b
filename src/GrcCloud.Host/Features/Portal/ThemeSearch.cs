using System.Globalization;
using System.Text;

namespace GrcCloud.Host.Features.Portal;

/// <summary>
/// Finds themes from a resident's words, forgiving accents, case and word order: every word typed
/// must start a word of the theme's title, summary or family ("acte naissance" finds
/// "Demander un acte de naissance"). Title matches come first.
/// </summary>
public static class ThemeSearch
{
    public static IReadOnlyList<ThemeView> Search(CatalogueView catalogue, string? query)
    {
        var terms = Words(query).Where(w => w.Length >= 2).Distinct().ToList();
        if (terms.Count == 0)
            return [];
        var results = new List<(ThemeView Theme, int Score)>();
        foreach (var family in catalogue.Families)
        {
            var familyWords = Words(family.Title);
            foreach (var theme in family.Themes)
            {
                var titleWords = Words(theme.Title);
                var otherWords = Words(theme.Summary).Concat(familyWords).Concat(Words(theme.Service.Name)).ToList();
                var score = 0;
                foreach (var term in terms)
                {
                    if (titleWords.Any(w => w.StartsWith(term, StringComparison.Ordinal)))
                        score += 2;
                    else if (otherWords.Any(w => w.StartsWith(term, StringComparison.Ordinal)))
                        score += 1;
                    else
                    {
                        score = 0;
                        break;
                    }
                }
                if (score > 0)
                    results.Add((theme, score));
            }
        }
        return [.. results.OrderByDescending(r => r.Score).ThenBy(r => r.Theme.Title, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true)).Select(r => r.Theme)];
    }

    /// <summary>Lower-case words without accents ("Élection" → "election", "nid-de-poule" → nid, de, poule).</summary>
    public static List<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        var decomposed = text.ToLowerInvariant().Replace("œ", "oe", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
                continue;
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return [.. builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
