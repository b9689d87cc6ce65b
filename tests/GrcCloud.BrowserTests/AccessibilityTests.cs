using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace GrcCloud.BrowserTests;

/// <summary>RGAA / WCAG 2.1 AA: axe-core finds nothing serious or critical on the pages that exist today.</summary>
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [Theory]
    [MemberData(nameof(SitePages.Names), MemberType = typeof(SitePages))]
    public async Task Axe_finds_no_serious_or_critical_violation(string pageName)
    {
        await using var context = await browser.NewContextAsync();
        var page = await browser.OpenAsync(context, pageName);

        var result = await page.RunAxe();

        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe-core, {pageName} :\n{Describe(blocking)}");
    }

    /// <summary>What to fix: rule, impact, the elements concerned and the rule's help.</summary>
    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}) : {v.Help} [{v.HelpUrl}]\n" +
            string.Join("\n", v.Nodes.Select(n => $"    {n.Target} : {n.Html}"))));
}
