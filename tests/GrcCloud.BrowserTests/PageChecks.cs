using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace GrcCloud.BrowserTests;

/// <summary>The checks every page goes through, whichever platform serves it: axe-core and reflow at 320 px.</summary>
public static class PageChecks
{
    public const int NarrowWidth = 320;

    /// <summary>RGAA / WCAG 2.1 AA: axe-core finds no violation of impact serious or critical.</summary>
    public static async Task AssertNoSeriousAxeViolationAsync(IPage page, string pageName)
    {
        var result = await page.RunAxe();

        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe-core, {pageName} :\n{Describe(blocking)}");
    }

    /// <summary>WCAG 1.4.10 (reflow): the page, opened in a context <see cref="NarrowWidth"/> px wide, does not scroll sideways.</summary>
    public static async Task AssertNoSidewaysScrollingAsync(IPage page, string pageName)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");

        // The message names the elements that stick out, or whose text does, so a failure says what to fix.
        var overflowing = scrollWidth <= NarrowWidth ? [] : await page.EvaluateAsync<string[]>(
            """
            width => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > width
                || (getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1))
              .slice(0, 10)
              .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')
            """, NarrowWidth);
        Assert.True(scrollWidth <= NarrowWidth, $"{pageName} : largeur {scrollWidth} px à {NarrowWidth} px ; dépassent : {string.Join(", ", overflowing)}");
    }

    /// <summary>What to fix: rule, impact, the elements concerned and the rule's help.</summary>
    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}) : {v.Help} [{v.HelpUrl}]\n" +
            string.Join("\n", v.Nodes.Select(n => $"    {n.Target} : {n.Html}"))));
}
