using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>What a keyboard user does on Lavaur's home: skip the header, search with Enter.</summary>
public sealed class KeyboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task Tab_reaches_the_skip_link_first_and_Enter_moves_focus_to_the_main_content()
    {
        await using var context = await browser.NewContextAsync();
        var page = await browser.OpenAsync(context, "accueil de Lavaur");

        await page.Keyboard.PressAsync("Tab");

        var focused = page.Locator(":focus");
        await Expect(focused).ToHaveTextAsync("Aller au contenu");
        await Expect(focused).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(focused).ToHaveIdAsync("contenu");
        // The next Tab goes on from the content, not from the header: the search field.
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveAccessibleNameAsync("Rechercher une démarche");
    }

    [Fact]
    public async Task A_search_typed_on_the_home_page_and_sent_with_Enter_lists_the_birth_certificate()
    {
        await using var context = await browser.NewContextAsync();
        var page = await browser.OpenAsync(context, "accueil de Lavaur");

        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher une démarche" });
        await search.FillAsync("acte naissance");
        await search.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(browser.Url("lavaur.localhost", "/recherche?q=acte+naissance"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("trouvée");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Demander un acte de naissance", Exact = true })).ToBeVisibleAsync();
    }
}
