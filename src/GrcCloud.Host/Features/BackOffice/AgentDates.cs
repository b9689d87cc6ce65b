using System.Globalization;
using System.Text.Encodings.Web;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Html;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>
/// Dates in the agents' dense tables: "01/12/26 14:05" (Paris time) on one line, inside a
/// <c>&lt;time&gt;</c> whose datetime is machine-readable and whose title gives the date in words.
/// </summary>
public static class AgentDates
{
    public static IHtmlContent Compact(DateTimeOffset at)
    {
        var local = new DateTimeOffset(ParisTime.Local(at), ParisTime.Zone.GetUtcOffset(at));
        return Time(local.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture), local.ToString("dd/MM/yy HH:mm", CultureInfo.InvariantCulture), RequestLabels.Date(at));
    }

    public static IHtmlContent Compact(DateOnly day) =>
        Time(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.ToString("dd/MM/yy", CultureInfo.InvariantCulture), RequestLabels.Date(day));

    private static HtmlString Time(string machine, string shown, string words)
    {
        var e = HtmlEncoder.Default;
        return new HtmlString($"<time class=\"compact-date\" datetime=\"{e.Encode(machine)}\" title=\"{e.Encode(words)}\">{e.Encode(shown)}</time>");
    }
}
