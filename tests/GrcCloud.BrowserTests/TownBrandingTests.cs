using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>Each town's portal wears its own logo and colours.</summary>
public sealed class TownBrandingTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("accueil de Lavaur", "rgb(29, 79, 110)")]
    [InlineData("accueil de Gaillac", "rgb(91, 42, 94)")]
    public async Task The_header_shows_the_towns_logo_on_its_colour(string pageName, string primaryColour)
    {
        await using var context = await browser.NewContextAsync();
        var page = await browser.OpenAsync(context, pageName);

        var logo = page.Locator(".town-brand img");
        await Expect(logo).ToBeVisibleAsync();
        // A broken image still takes its place on screen: only its decoded size tells it was drawn.
        Assert.True(await logo.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "le logo de la commune ne s'affiche pas");
        await Expect(page.Locator(".town-header")).ToHaveCSSAsync("background-color", primaryColour);
    }
}
