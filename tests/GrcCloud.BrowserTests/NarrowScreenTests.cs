namespace GrcCloud.BrowserTests;

/// <summary>WCAG 1.4.10 (reflow): at 320 px wide, a page reads without scrolling sideways.</summary>
public sealed class NarrowScreenTests(BrowserFixture browser)
{
    private const int Width = 320;

    [Theory]
    [MemberData(nameof(SitePages.Names), MemberType = typeof(SitePages))]
    public async Task The_page_does_not_scroll_sideways_at_320_px(string pageName)
    {
        await using var context = await browser.NewContextAsync(Width, 640);
        var page = await browser.OpenAsync(context, pageName);

        var scrollWidth = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");

        // The message names the elements that stick out, so a failure says what to fix.
        var overflowing = scrollWidth <= Width ? [] : await page.EvaluateAsync<string[]>(
            """
            width => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > width)
              .slice(0, 10)
              .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')
            """, Width);
        Assert.True(scrollWidth <= Width, $"{pageName} : largeur {scrollWidth} px à {Width} px ; dépassent : {string.Join(", ", overflowing)}");
    }
}
