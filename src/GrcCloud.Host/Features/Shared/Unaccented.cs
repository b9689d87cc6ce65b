using System.Globalization;
using System.Text;

namespace GrcCloud.Host.Features.Shared;

/// <summary>Text without its accents ("Élection" → "Election"), for search words and slugs.</summary>
public static class Unaccented
{
    public static string Of(string text)
    {
        string decomposed;
        try
        {
            decomposed = text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            // A code point Unicode cannot normalize (U+FFFE, a lone surrogate) in typed text: keep it as typed.
            decomposed = text;
        }
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                builder.Append(c);
        return builder.ToString();
    }
}
