using GrcCloud.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>A town's page in the console (/communes/{slug}) in Chromium: an administrator suspends the town with a reason and resumes it, at 320 px, with axe-core.</summary>
public sealed class TownPageBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "un mot de passe d'opérateur";

    [Fact]
    public async Task An_administrator_suspends_a_town_with_a_reason_sees_the_confirmation_and_resumes_it()
    {
        // A town of this test's own: the fixture's Lavaur stays active for the other tests.
        await identity.Platform.ProvisionAsync("brens", "Brens");
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth, 640);
        await using var _ = context;
        await SignInAsAdministratorAsync(page, "admin.communes@grccloud.example");

        await page.GotoAsync($"http://ops.localhost:{identity.Platform.Port}/communes/brens");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Brens");
        await Expect(page.Locator("#town-status")).ToHaveTextAsync("Active");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "page d'une commune");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "page d'une commune à 320 px");

        await page.GetByLabel("Motif de la suspension", new() { Exact = true }).FillAsync("Convention non signée");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspendre la commune" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Commune suspendue");
        await Expect(page.Locator("#town-status")).ToHaveTextAsync("Suspendue — motif : Convention non signée");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "commune suspendue");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "commune suspendue à 320 px");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remettre en service" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Commune remise en service");
        await Expect(page.Locator("#town-status")).ToHaveTextAsync("Active");
    }

    /// <summary>An administrator created on the command line, activated with an authenticator, signed in with the code.</summary>
    private async Task SignInAsAdministratorAsync(IPage page, string email)
    {
        var cli = await Cli.RunAsync(identity.Platform.ConnectionString, identity.CliEnvironment(), "operators", "create", "--email", email);
        Assert.True(cli.ExitCode == 0, cli.Error);
        await page.GotoAsync(cli.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        var key = (await page.Locator(".totp-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Code à 6 chiffres", new() { Exact = true }).FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer le compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Codes de secours");
        await page.GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Code de double authentification");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"Connecté en tant que {email}");
    }
}
