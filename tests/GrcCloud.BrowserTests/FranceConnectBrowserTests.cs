using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>FranceConnect in Chromium, through the simulator: sign-in, sign-out at FranceConnect, refusal.</summary>
public sealed class FranceConnectBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    [Fact]
    public async Task The_button_is_franceconnects_own_with_its_logo_and_its_explanation_link_in_a_new_window()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(identity.Url("/connexion"));

        var button = page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" });
        await Expect(button).ToBeVisibleAsync();
        await Expect(button).ToHaveCSSAsync("background-color", "rgb(0, 0, 145)");
        await Expect(button.Locator("svg.fc-logo")).ToBeVisibleAsync();
        await Expect(button.Locator(".fc-brand")).ToHaveTextAsync("FranceConnect");
        var about = page.GetByRole(AriaRole.Link, new() { Name = "Qu'est-ce que FranceConnect ? (nouvelle fenêtre)" });
        await Expect(about).ToHaveAttributeAsync("href", "https://franceconnect.gouv.fr/");
        await Expect(about).ToHaveAttributeAsync("target", "_blank");
        await Expect(about).ToHaveAttributeAsync("title", "Qu'est-ce que FranceConnect ? – nouvelle fenêtre");
        await button.HoverAsync();
        await Expect(button).ToHaveCSSAsync("background-color", "rgb(18, 18, 255)");
    }

    [Fact]
    public async Task Signing_in_with_franceconnect_shows_the_certified_identity_and_signing_out_ends_the_franceconnect_session_too()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        // Playwright raises its events on its own thread: the test reads them once the last page is shown.
        var navigations = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest)
                navigations.Enqueue(request.Url);
        };
        await page.GotoAsync(identity.Url("/connexion"));

        await page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Connexion au fournisseur d'identité de démonstration");
        Assert.StartsWith(identity.SimulatorOrigin + "/api/v2/authorize?", page.Url);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Le service Mairie de Lavaur demande à vous identifier avec FranceConnect.");
        await page.GetByLabel("Identifiant", new() { Exact = true }).FillAsync("test");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(identity.Url("/mon-compte"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");
        var certified = page.Locator("dl.facts");
        await Expect(certified.Locator("dt:text-is('Nom de naissance') + dd")).ToHaveTextAsync("DUBOIS");
        await Expect(certified.Locator("dt:text-is('Prénoms') + dd")).ToHaveTextAsync("Angela Claire Louise");
        await Expect(page.GetByLabel("Nom", new() { Exact = true })).ToHaveValueAsync("DUBOIS");
        await Expect(page.GetByLabel("Prénom", new() { Exact = true })).ToHaveValueAsync("Angela Claire Louise");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Mon compte" }).GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(identity.Url("/deconnexion/franceconnect/retour?state="))));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vous êtes déconnecté");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Vous êtes déconnecté de ce portail et de FranceConnect.");
        Assert.Contains(navigations, url => url.StartsWith(identity.SimulatorOrigin + "/api/v2/session/end?", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Mon compte" }).GetByRole(AriaRole.Link, new() { Name = "Se connecter" })).ToBeVisibleAsync();

        // The portal's session is gone: the account page asks to sign in again.
        await page.GotoAsync(identity.Url("/mon-compte"));
        await Expect(page).ToHaveURLAsync(identity.Url("/connexion?retour=%2Fmon-compte"));
    }

    [Fact]
    public async Task Refusing_at_franceconnect_comes_back_to_a_clear_french_page()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(identity.Url("/connexion"));
        await page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Connexion au fournisseur d'identité de démonstration");

        await page.GetByRole(AriaRole.Button, new() { Name = "Refuser et revenir au service" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(identity.Url("/connexion/franceconnect/retour?"))));
        await Expect(page).ToHaveTitleAsync("Connexion annulée – Lavaur");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Connexion annulée");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Vous avez annulé la connexion avec FranceConnect. Vous pouvez recommencer, ou vous connecter avec votre adresse électronique.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Revenir à la page de connexion" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/connexion"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Mon compte" }).GetByRole(AriaRole.Link, new() { Name = "Se connecter" })).ToBeVisibleAsync();
    }
}
