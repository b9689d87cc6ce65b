using GrcCloud.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>The console's account pages (activation with an authenticator, the code step) and its sections at 320 px, with axe-core.</summary>
public sealed class OperatorConsoleBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "un mot de passe d'opérateur";

    [Fact]
    public async Task An_operator_activates_with_an_authenticator_signs_in_with_the_code_and_reads_the_console_at_320_px()
    {
        var cli = await Cli.RunAsync(identity.Platform.ConnectionString, identity.CliEnvironment(), "operators", "create", "--email", "ops.etroit@grccloud.example");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var link = cli.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim();
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth, 640);
        await using var _ = context;

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Activer votre compte d'opérateur");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "activation");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "activation à 320 px");
        var key = (await page.Locator(".totp-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Code à 6 chiffres", new() { Exact = true }).FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer le compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Codes de secours");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "codes de secours");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "codes de secours à 320 px");

        await page.GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync("ops.etroit@grccloud.example");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Code de double authentification");
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Saisissez le code.");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "code de connexion en erreur");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "code de connexion en erreur à 320 px");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Connecté en tant que ops.etroit@grccloud.example");

        foreach (var (path, heading) in new[] { ("/", "Console de l'éditeur"), ("/operateurs", "Opérateurs"), ("/journal", "Journal des opérateurs"), ("/operateurs/jetons", "Jetons d'API") })
        {
            await page.GotoAsync($"http://ops.localhost:{identity.Platform.Port}{path}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await PageChecks.AssertNoSidewaysScrollingAsync(page, path);
            await PageChecks.AssertNoSeriousAxeViolationAsync(page, path + " à 320 px");
        }
    }
}
