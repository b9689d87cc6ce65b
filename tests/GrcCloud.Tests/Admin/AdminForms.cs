using AngleSharp.Dom;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;

namespace GrcCloud.Tests.Admin;

/// <summary>Posts an administration form as a browser would: every field with its current value, some changed.</summary>
internal static class AdminForms
{
    /// <summary>Reads the form of <paramref name="url"/>, applies <paramref name="changes"/> (null unticks a box) and posts it; follows the redirect.</summary>
    public static async Task<IDocument> EditAsync(this WebSession session, string url, IReadOnlyDictionary<string, string?> changes, string formSelector = "main form.form")
    {
        var page = await session.PageAsync(url);
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"Aucun formulaire « {formSelector} » dans {url}");
        var values = CurrentValues(form);
        foreach (var (name, value) in changes)
        {
            if (value is null)
                values.Remove(name);
            else
                values[name] = value;
        }
        var response = await session.SubmitAsync(page, new Uri(session.BaseAddress, url), values, formSelector);
        return await Html.ParseAsync(await session.FollowAsync(response));
    }

    /// <summary>Posts to a page handler as one of its small forms (move, remove) would, with the page's anti-forgery token; follows the redirect.</summary>
    public static async Task<HttpResponseMessage> PostHandlerAsync(this WebSession session, string url, string handler, IReadOnlyDictionary<string, string> values)
    {
        var page = await session.PageAsync(url);
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var fields = new Dictionary<string, string>(values) { ["__RequestVerificationToken"] = token };
        var target = url.Split('?')[0] + "?handler=" + handler;
        return await session.FollowAsync(await session.PostAsync(target, new FormUrlEncodedContent(fields)));
    }

    /// <summary>The value of the option whose text contains <paramref name="text"/>.</summary>
    public static string OptionValue(this IDocument page, string select, string text) =>
        page.QuerySelectorAll($"[name='{select}'] option").First(o => o.TextContent.Contains(text, StringComparison.Ordinal)).GetAttribute("value")!;

    private static Dictionary<string, string> CurrentValues(IElement form)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.QuerySelectorAll("input[name]"))
        {
            var type = input.GetAttribute("type") ?? "text";
            if (type is "checkbox" or "radio" && !input.HasAttribute("checked"))
                continue;
            values[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }
        foreach (var textarea in form.QuerySelectorAll("textarea[name]"))
            values[textarea.GetAttribute("name")!] = textarea.TextContent;
        foreach (var select in form.QuerySelectorAll("select[name]"))
        {
            var option = select.QuerySelector("option[selected]") ?? select.QuerySelector("option");
            values[select.GetAttribute("name")!] = option?.GetAttribute("value") ?? "";
        }
        return values;
    }
}
