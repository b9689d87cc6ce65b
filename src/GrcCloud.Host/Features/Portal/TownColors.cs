using System.Globalization;

namespace GrcCloud.Host.Features.Portal;

/// <summary>
/// Contrast of the town's colours (WCAG 2.1, criterion 1.4.3; RGAA 3.2): the primary colour is the
/// background of white text (header, buttons) and the colour of links on the pages' light surfaces,
/// so it needs 4.5:1 against the lightest of them and against white text alike.
/// </summary>
public static class TownColors
{
    public const double MinimumContrast = 4.5;

    /// <summary>The light grey of notices and panels (portal.css --surface), darker than white: the binding case.</summary>
    public const string Surface = "#f5f5f2";

    /// <summary>The contrast ratio of two #rrggbb colours, from 1 (same) to 21 (black on white).</summary>
    public static double Contrast(string first, string second)
    {
        var (lighter, darker) = (Luminance(first), Luminance(second)) is var (a, b) && a >= b ? (a, b) : (b, a);
        return (lighter + 0.05) / (darker + 0.05);
    }

    public static bool IsReadable(string primary) => Contrast(primary, Surface) >= MinimumContrast;

    /// <summary>The colour itself when readable, else the same hue darkened just enough.</summary>
    public static string Readable(string primary)
    {
        var (r, g, b) = Channels(primary);
        for (var factor = 1.0; factor > 0; factor -= 0.02)
        {
            var candidate = Hex(r * factor, g * factor, b * factor);
            if (IsReadable(candidate))
                return candidate;
        }
        return "#000000";
    }

    private static double Luminance(string color)
    {
        var (r, g, b) = Channels(color);
        return 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);

        static double Linear(double channel)
        {
            var c = channel / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
    }

    private static (double R, double G, double B) Channels(string color) =>
        (Parse(color, 1), Parse(color, 3), Parse(color, 5));

    private static int Parse(string color, int at) => int.Parse(color.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Hex(double r, double g, double b) =>
        string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r):x2}{(int)Math.Round(g):x2}{(int)Math.Round(b):x2}");
}
