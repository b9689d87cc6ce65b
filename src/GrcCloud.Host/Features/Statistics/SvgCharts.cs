using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, printable, readable at 320 px (the drawing is
/// 320 units wide, so text keeps its size on a phone). Each is an image with a title and a description
/// (role="img"); the page puts the data table right after it, for screen readers and for exact values.
/// Values are written on the bars and series differ by line style, never by colour alone.
/// </summary>
public static class SvgCharts
{
    private const int Width = 320;
    private const string Bar = "#1d4f6e";
    private const string Muted = "#5c6670";

    /// <summary>Horizontal bars, one per label, the value written at the bar's end.</summary>
    public static IHtmlContent Bars(string id, string title, string description, IReadOnlyList<(string Label, long Value)> values)
    {
        const int row = 34;
        var height = Math.Max(row, values.Count * row) + 4;
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Value));
        var svg = Start(id, title, description, height);
        for (var i = 0; i < values.Count; i++)
        {
            var (label, value) = values[i];
            var y = i * row;
            var length = (int)Math.Round((Width - 60) * (double)value / max);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{y + 12}" font-size="12" fill="#1b1b1b">{Encode(Shorten(label, 48))}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="0" y="{y + 16}" width="{Math.Max(length, value > 0 ? 2 : 0)}" height="12" fill="{Bar}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{length + 4}" y="{y + 27}" font-size="12" fill="#1b1b1b">{Encode(FrenchFormat.Count(value))}</text>""");
        }
        if (values.Count == 0)
            svg.Append("""<text x="0" y="20" font-size="12" fill="#1b1b1b">Aucune demande sur la période.</text>""");
        return End(svg);
    }

    /// <summary>The monthly trend: received (solid line, round marks) and done (dashed line, square marks).</summary>
    public static IHtmlContent Trend(string id, string title, string description, IReadOnlyList<MonthPoint> points)
    {
        const int height = 200, left = 36, top = 28, bottom = 168;
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => Math.Max(p.Received, p.Done)));
        var step = points.Count > 1 ? (Width - left - 8) / (double)(points.Count - 1) : 0;
        double X(int i) => left + i * step;
        double Y(int v) => bottom - (bottom - top) * (double)v / max;
        var svg = Start(id, title, description, height);
        // Legend in words and line styles.
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="0" y1="8" x2="24" y2="8" stroke="{Bar}" stroke-width="2"/><text x="28" y="12" font-size="12" fill="#1b1b1b">reçues</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="90" y1="8" x2="114" y2="8" stroke="{Muted}" stroke-width="2" stroke-dasharray="5 3"/><text x="118" y="12" font-size="12" fill="#1b1b1b">terminées</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" y1="{bottom}" x2="{Width - 4}" y2="{bottom}" stroke="#767676"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{top + 4}" font-size="11" fill="#1b1b1b">{Encode(FrenchFormat.Count(max))}</text><text x="0" y="{bottom}" font-size="11" fill="#1b1b1b">0</text>""");
        if (points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{Bar}" stroke-width="2" points="{Polyline(points, p => p.Received, X, Y)}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{Muted}" stroke-width="2" stroke-dasharray="5 3" points="{Polyline(points, p => p.Done, X, Y)}"/>""");
            var every = points.Count <= 6 ? 1 : points.Count <= 12 ? 2 : 3;
            for (var i = 0; i < points.Count; i++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(i):0.#}" cy="{Y(points[i].Received):0.#}" r="3" fill="{Bar}"/>""");
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{X(i) - 2.5:0.#}" y="{Y(points[i].Done) - 2.5:0.#}" width="5" height="5" fill="{Muted}"/>""");
                if (i % every == 0)
                    svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(i):0.#}" y="{bottom + 16}" font-size="11" text-anchor="middle" fill="#1b1b1b">{Encode(FrenchFormat.ShortMonth(points[i].Month))}</text>""");
            }
        }
        return End(svg);
    }

    private static string Polyline(IReadOnlyList<MonthPoint> points, Func<MonthPoint, int> value, Func<int, double> x, Func<int, double> y) =>
        string.Join(' ', points.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{x(i):0.#},{y(value(p)):0.#}")));

    private static StringBuilder Start(string id, string title, string description, int height)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="chart" role="img" aria-labelledby="{id}-titre {id}-desc" viewBox="0 0 {Width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-titre">{Encode(title)}</title><desc id="{id}-desc">{Encode(description)}</desc>""");
        return svg;
    }

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
