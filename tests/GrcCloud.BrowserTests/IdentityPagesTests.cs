using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The account pages go through the same checks as the portal's (axe-core: nothing serious or
/// critical; no sideways scrolling at 320 px), each reached the way a person reaches it: the
/// sign-up page showing its errors, the account page signed in, FranceConnect's pages through the simulator.
/// </summary>
public sealed class IdentityPagesTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    /// <summary>How to reach each page, and what shows it is there.</summary>
    private static readonly Dictionary<string, Func<IdentityPlatformFixture, IPage, Task>> Pages = new()
    {
        ["connexion"] = async (identity, page) =>
        {
            await page.GotoAsync(identity.Url("/connexion"));
            await ExpectHeadingAsync(page, "Se connecter");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" })).ToBeVisibleAsync();
        },
        ["inscription"] = async (identity, page) =>
        {
            await page.GotoAsync(identity.Url("/inscription"));
            await ExpectHeadingAsync(page, "Créer un compte");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" })).ToBeVisibleAsync();
        },
        ["inscription envoyée vide"] = async (identity, page) =>
        {
            await page.GotoAsync(identity.Url("/inscription"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le formulaire contient 5 erreurs");
            await Expect(page.GetByLabel("Prénom", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#Input_Password-erreur")).ToHaveTextAsync("Erreur : Choisissez un mot de passe.");
        },
        ["courriel de confirmation envoyé"] = async (identity, page) =>
        {
            // Where sign-up leads; the address is one a person may well have, too long for one line at 320 px.
            await page.GotoAsync(identity.Url("/inscription/verifiez-vos-courriels?adresse=jeanchristophe.delarochefoucauld%40wanadoo.fr"));
            await ExpectHeadingAsync(page, "Confirmez votre adresse électronique");
        },
        ["mon compte"] = async (identity, page) =>
        {
            await identity.SignInWithFranceConnectAsync(page);
            await Expect(page).ToHaveURLAsync(identity.Url("/mon-compte"));
            await ExpectHeadingAsync(page, "Mon compte");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Identité FranceConnect" })).ToBeVisibleAsync();
        },
        ["connexion depuis une démarche"] = async (identity, page) =>
        {
            // An anonymous visitor who opens a form that needs an account is told why they must sign in.
            await page.GotoAsync(identity.Url("/demarches/rendez-vous-elu/formulaire"));
            await ExpectHeadingAsync(page, "Se connecter");
            await Expect(page.Locator(".sign-in-reason")).ToContainTextAsync("Pour faire cette démarche, connectez-vous ou créez un compte");
        },
        ["mes demandes"] = async (identity, page) =>
        {
            // Reached from the menu a signed-in resident has on every page.
            await identity.SignInWithFranceConnectAsync(page);
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Mon compte" }).GetByRole(AriaRole.Link, new() { Name = "Mes demandes" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(identity.Url("/mes-demandes"));
            await ExpectHeadingAsync(page, "Mes demandes");
        },
        ["connexion des agents"] = async (identity, page) =>
        {
            await page.GotoAsync(identity.Url("/agents/connexion"));
            await ExpectHeadingAsync(page, "Espace des agents");
        },
        ["connexion FranceConnect annulée"] = async (identity, page) =>
        {
            await page.GotoAsync(identity.Url("/connexion"));
            await page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Refuser et revenir au service" }).ClickAsync();
            await ExpectHeadingAsync(page, "Connexion annulée");
        },
        ["page de connexion du simulateur FranceConnect"] = async (identity, page) =>
        {
            await page.GotoAsync(identity.Url("/connexion"));
            await page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(identity.SimulatorOrigin)));
            await ExpectHeadingAsync(page, "Connexion au fournisseur d'identité de démonstration");
        },
    };

    public static TheoryData<string> AxePages =>
        ["connexion", "inscription envoyée vide", "mon compte", "connexion depuis une démarche", "mes demandes", "connexion des agents", "connexion FranceConnect annulée", "page de connexion du simulateur FranceConnect"];

    /// <summary>The pages a person signs in or signs up on, on a phone held upright (a long address included).</summary>
    public static TheoryData<string> NarrowPages => ["connexion", "inscription", "inscription envoyée vide", "courriel de confirmation envoyé", "connexion depuis une démarche", "mes demandes"];

    [Theory]
    [MemberData(nameof(AxePages))]
    public async Task Axe_finds_no_serious_or_critical_violation(string pageName)
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await Pages[pageName](identity, page);

        await PageChecks.AssertNoSeriousAxeViolationAsync(page, pageName);
    }

    [Theory]
    [MemberData(nameof(NarrowPages))]
    public async Task The_page_does_not_scroll_sideways_at_320_px(string pageName)
    {
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth, 640);
        await using var _ = context;
        await Pages[pageName](identity, page);

        await PageChecks.AssertNoSidewaysScrollingAsync(page, pageName);
    }

    private static Task ExpectHeadingAsync(IPage page, string heading) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
}
