namespace GrcCloud.BrowserTests;

/// <summary>WCAG 1.4.10 (reflow): at 320 px wide, a page reads without scrolling sideways.</summary>
public sealed class NarrowScreenTests(BrowserFixture browser)
{
    [Theory]
    [MemberData(nameof(SitePages.Names), MemberType = typeof(SitePages))]
    public async Task The_page_does_not_scroll_sideways_at_320_px(string pageName)
    {
        await using var context = await browser.NewContextAsync(PageChecks.NarrowWidth, 640);
        var page = await browser.OpenAsync(context, pageName);

        await PageChecks.AssertNoSidewaysScrollingAsync(page, pageName);
    }
}
