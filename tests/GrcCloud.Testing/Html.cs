using AngleSharp;
using AngleSharp.Dom;

namespace GrcCloud.Testing;

/// <summary>Reads pages as a person would: parsed HTML, text content, not string matching on markup.</summary>
public static class Html
{
    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var content = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(content));
    }

    public static string Text(this IDocument document, string selector) =>
        document.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Aucun élément « {selector} » dans la page");
}
