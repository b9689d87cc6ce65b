using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>An agent invited from the command line activates the account in Chromium, signs out and signs in again.</summary>
public sealed class AgentAccountBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "mot de passe des agents";

    [Fact]
    public async Task The_mailed_invitation_leads_to_the_back_office_and_the_agent_signs_in_again_later()
    {
        var cli = await Cli.RunAsync(identity.Platform.ConnectionString, identity.CliEnvironment(),
            "agents", "invite", "--slug", "lavaur", "--email", "sophie.roux@lavaur.example", "--given-name", "Sophie", "--family-name", "Roux", "--role", "agent");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var link = await identity.LinkMailedToAsync("sophie.roux@lavaur.example");
        Assert.StartsWith(identity.Url("/agents/invitation?"), link);

        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Activer votre compte d'agent");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Choisissez le mot de passe de votre compte sophie.roux@lavaur.example.");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(identity.Url("/agents"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bonjour Sophie Roux");
        var accountNav = page.GetByRole(AriaRole.Navigation, new() { Name = "Mon compte" });
        await Expect(accountNav.GetByRole(AriaRole.Link, new() { Name = "Espace agents" })).ToBeVisibleAsync();

        await accountNav.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Vous êtes déconnecté");
        await page.GotoAsync(identity.Url("/agents"));
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(identity.Url("/agents/connexion?"))));

        await page.GetByLabel("Adresse électronique professionnelle", new() { Exact = true }).FillAsync("sophie.roux@lavaur.example");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(identity.Url("/agents"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bonjour Sophie Roux");
        // The link served once: opened again, it says so in French.
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cette invitation n'est plus valable");
    }

    [Fact]
    public async Task The_supervisors_back_office_pages_read_at_320_px_and_axe_finds_nothing_serious()
    {
        var cli = await Cli.RunAsync(identity.Platform.ConnectionString, identity.CliEnvironment(),
            "agents", "invite", "--slug", "lavaur", "--email", "marie-christine.delarochefoucauld@lavaur.example",
            "--given-name", "Marie-Christine", "--family-name", "de La Rochefoucauld");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var link = await identity.LinkMailedToAsync("marie-christine.delarochefoucauld@lavaur.example");
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth, 640);
        await using var _ = context;
        await page.GotoAsync(link);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/agents"));

        foreach (var (path, heading) in new[]
        {
            ("/agents", "Bonjour Marie-Christine de La Rochefoucauld"),
            ("/agents/securite", "Double authentification"),
            ("/agents/comptes", "Comptes des agents"),
        })
        {
            await page.GotoAsync(identity.Url(path));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await PageChecks.AssertNoSidewaysScrollingAsync(page, path);
            await PageChecks.AssertNoSeriousAxeViolationAsync(page, path);
        }
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Agents de la commune" })).ToContainTextAsync("marie-christine.delarochefoucauld@lavaur.example");
    }
}
