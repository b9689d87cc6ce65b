using System.Globalization;
using System.Text;
using GrcCloud.Host.Features.Shared;

namespace GrcCloud.Host.Features.Portal;

/// <summary>
/// Finds themes from a resident's words, forgiving accents, case and word order: every word typed
/// (but little words such as "de" or "mon") must start a word of the theme's title, its keywords
/// (the residents' other words: "rdv", "bruit", "voisin"), its summary, family or service
/// ("acte naissance" finds "Demander un acte de naissance"). A word found in the title counts most,
/// then one found in the keywords, so a title match comes before a keyword match.
/// </summary>
public static class ThemeSearch
{
    private const int InTitle = 3, InKeywords = 2, Elsewhere = 1;

    /// <summary>Words too common to tell themes apart; ignored unless nothing else was typed.</summary>
    private static readonly HashSet<string> LittleWords =
        ["de", "du", "des", "la", "le", "les", "un", "une", "au", "aux", "en", "et", "ou", "pour", "par", "sur", "avec", "mon", "ma", "mes", "je", "me", "qui", "que"];

    public static IReadOnlyList<ThemeView> Search(CatalogueView catalogue, string? query)
    {
        var words = Words(query).Where(w => w.Length >= 2).Distinct().ToList();
        var terms = words.Where(w => !LittleWords.Contains(w)).ToList() is { Count: > 0 } meaningful ? meaningful : words;
        if (terms.Count == 0)
            return [];
        var results = new List<(ThemeView Theme, int Score)>();
        foreach (var family in catalogue.Families)
        {
            var familyWords = Words(family.Title);
            foreach (var theme in family.Themes)
            {
                var titleWords = Words(theme.Title);
                var keywordWords = theme.Keywords.SelectMany(Words).ToList();
                var otherWords = Words(theme.Summary).Concat(familyWords).Concat(Words(theme.Service.Name)).ToList();
                var score = 0;
                foreach (var term in terms)
                {
                    var found = StartsAny(titleWords, term) ? InTitle : StartsAny(keywordWords, term) ? InKeywords : StartsAny(otherWords, term) ? Elsewhere : 0;
                    if (found == 0)
                    {
                        score = 0;
                        break;
                    }
                    score += found;
                }
                if (score > 0)
                    results.Add((theme, score));
            }
        }
        return [.. results.OrderByDescending(r => r.Score).ThenBy(r => r.Theme.Title, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true)).Select(r => r.Theme)];
    }

    private static bool StartsAny(List<string> words, string term) => words.Exists(w => w.StartsWith(term, StringComparison.Ordinal));

    /// <summary>Lower-case words without accents ("Élection" → "election", "nid-de-poule" → nid, de, poule).</summary>
    public static List<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        var plain = Unaccented.Of(text.ToLowerInvariant().Replace("œ", "oe", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal));
        var builder = new StringBuilder(plain.Length);
        foreach (var c in plain)
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        return [.. builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
