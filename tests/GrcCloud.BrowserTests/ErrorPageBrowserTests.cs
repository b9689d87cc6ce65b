using Microsoft.Playwright;

namespace GrcCloud.BrowserTests;

/// <summary>The page people get when something breaks (500), and the 404 of an unknown host: axe-core, 320 px, styled within the security policy.</summary>
public sealed class ErrorPageBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("lavaur.localhost", TestPlatform.FailurePath, 500, "Erreur du service")]
    [InlineData("ops.localhost", TestPlatform.FailurePath, 500, "Erreur du service")]
    [InlineData("albi.localhost", "/", 404, "Page introuvable")]
    public async Task The_error_page_passes_axe_and_reads_at_320_px(string host, string path, int status, string heading)
    {
        foreach (var width in new[] { 1280, PageChecks.NarrowWidth })
        {
            await using var context = await browser.NewContextAsync(width, 640);
            var page = await context.NewPageAsync();
            var refused = new List<string>();
            page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };

            var response = await page.GotoAsync(browser.Url(host, path));

            Assert.Equal(status, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
            // Styled by its stylesheet: the security policy would have refused an inline style (and said so in the console).
            Assert.Equal("rgb(255, 255, 255)", await page.EvalOnSelectorAsync<string>("main", "e => getComputedStyle(e).backgroundColor"));
            Assert.Empty(refused);
            await PageChecks.AssertNoSeriousAxeViolationAsync(page, $"{host}{path}");
            if (width == PageChecks.NarrowWidth)
                await PageChecks.AssertNoSidewaysScrollingAsync(page, $"{host}{path}");
        }
    }
}
