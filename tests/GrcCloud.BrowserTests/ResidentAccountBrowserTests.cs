using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>A resident creates an account in Chromium: the form, the mail over real SMTP, its link, the first sign-in.</summary>
public sealed class ResidentAccountBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "une phrase de passe solide";

    [Fact]
    public async Task Signing_up_confirming_from_the_mail_and_signing_in_leads_to_the_account_page_with_the_persons_name()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(identity.Url("/inscription"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Créer un compte");

        await page.GetByLabel("Prénom", new() { Exact = true }).FillAsync("Angèle");
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Dubois");
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync("angele@exemple.fr");
        await page.GetByLabel("Téléphone").FillAsync("05 63 00 00 00");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();

        await Expect(page).ToHaveTitleAsync("Confirmez votre adresse – Lavaur");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirmez votre adresse électronique");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Un courriel vient d'être envoyé à angele@exemple.fr");

        var link = await identity.LinkMailedToAsync("angele@exemple.fr");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre adresse est confirmée");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/connexion"));
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync("angele@exemple.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(identity.Url("/mon-compte"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Adresse électronique : angele@exemple.fr");
        await Expect(page.GetByLabel("Prénom", new() { Exact = true })).ToHaveValueAsync("Angèle");
        await Expect(page.GetByLabel("Nom", new() { Exact = true })).ToHaveValueAsync("Dubois");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Mon compte" }).GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_up_form_is_filled_and_sent_with_the_keyboard_alone()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(identity.Url("/inscription"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Créer un compte");
        var focused = page.Locator(":focus");

        // The skip link first, then past the header straight to the content.
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveTextAsync("Aller au contenu");
        await page.Keyboard.PressAsync("Enter");
        await Expect(focused).ToHaveIdAsync("contenu");
        // FranceConnect's button and its explanation come before the form, as its guidelines ask.
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveAccessibleNameAsync("S'identifier avec FranceConnect");
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveAccessibleNameAsync("Qu'est-ce que FranceConnect ? (nouvelle fenêtre)");

        foreach (var (label, text) in new[]
        {
            ("Prénom", "Bernard"),
            ("Nom", "Lafon"),
            ("Adresse électronique", "bernard@exemple.fr"),
            ("Téléphone (facultatif)", "06 12 34 56 78"),
            ("Mot de passe", Password),
            ("Confirmation du mot de passe", Password),
        })
        {
            await page.Keyboard.PressAsync("Tab");
            await Expect(focused).ToHaveAccessibleNameAsync(label);
            await page.Keyboard.TypeAsync(text);
        }
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirmez votre adresse électronique");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("bernard@exemple.fr");
        await identity.LinkMailedToAsync("bernard@exemple.fr");
    }
}
