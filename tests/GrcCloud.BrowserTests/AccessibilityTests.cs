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

        await PageChecks.AssertNoSeriousAxeViolationAsync(page, pageName);
    }
}
