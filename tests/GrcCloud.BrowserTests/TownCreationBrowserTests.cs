using System.Text.RegularExpressions;
using GrcCloud.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// An administrator operator creates a town in the console at 320 px; the progress page follows the
/// job to its end; the town answers on its subdomain with its catalogue; its supervisor opens the
/// mailed invitation, chooses a password and reaches the back-office. Each console page passes axe-core.
/// </summary>
public sealed class TownCreationBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string OperatorPassword = "un mot de passe d'opérateur";
    private const string SupervisorPassword = "mot de passe du superviseur";

    [Fact]
    public async Task An_operator_creates_a_town_that_goes_live_and_its_supervisor_signs_in_through_the_invitation()
    {
        var ops = $"http://ops.localhost:{identity.Platform.Port}";
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth, 640);
        await using var _ = context;
        await SignInAsAdministratorAsync(page, "ops.communes@grccloud.example");

        await page.GotoAsync(ops + "/communes");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Communes");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Communes hébergées" })).ToContainTextAsync("Lavaur");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "liste des communes");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "liste des communes à 320 px");

        await page.GetByRole(AriaRole.Link, new() { Name = "Créer une commune" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Créer une commune");
        await page.GetByLabel("Nom de la commune").FillAsync("Saint-Sulpice-la-Pointe");
        // The identifier is proposed from the name.
        await Expect(page.GetByLabel("Identifiant (sous-domaine)")).ToHaveValueAsync("saint-sulpice-la-pointe");
        await page.GetByLabel("Code INSEE").FillAsync("81271");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la commune" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Le SIRET de la commune est obligatoire");
        await Expect(page.GetByLabel("Nom de la commune")).ToHaveValueAsync("Saint-Sulpice-la-Pointe");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "formulaire de création en erreur");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "formulaire de création en erreur à 320 px");

        await page.GetByLabel("SIRET de la mairie").FillAsync("21812710000004");
        await page.GetByLabel("Adresse", new() { Exact = true }).FillAsync("Parc Georges Spénale");
        await page.GetByLabel("Code postal").FillAsync("81370");
        await page.GetByLabel("Ville").FillAsync("Saint-Sulpice-la-Pointe");
        await page.GetByLabel("Adresse électronique du superviseur").FillAsync("dgs@saint-sulpice.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la commune" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/communes/creations/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Création de la commune Saint-Sulpice-la-Pointe");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Terminé : la commune est en service.", new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("L'invitation a été envoyée au superviseur, dgs@saint-sulpice.example");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "avancement de la création");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "avancement de la création à 320 px");

        // Live on its subdomain, with the template's catalogue.
        var portal = $"http://saint-sulpice-la-pointe.localhost:{identity.Platform.Port}/";
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Portail de la commune" })).ToHaveAttributeAsync("href", portal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Portail de la commune" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(portal);
        await Expect(page.Locator("header")).ToContainTextAsync("Saint-Sulpice-la-Pointe");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("État civil et citoyenneté");
        await page.GotoAsync(portal + "api/v1/catalogue");
        await Expect(page.Locator("body")).ToContainTextAsync("Demander un acte de naissance");

        // The supervisor's invitation: a password, then the back-office.
        var link = await identity.LinkMailedToAsync("dgs@saint-sulpice.example");
        Assert.StartsWith(portal + "agents/invitation?", link);
        var (supervisorContext, supervisor) = await identity.NewPageAsync();
        await using var __ = supervisorContext;
        await supervisor.GotoAsync(link);
        await Expect(supervisor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Activer votre compte d'agent");
        await supervisor.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(SupervisorPassword);
        await supervisor.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(SupervisorPassword);
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();
        await Expect(supervisor).ToHaveURLAsync(portal + "agents");
        await Expect(supervisor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bonjour Superviseur Mairie");
    }

    /// <summary>An administrator created on the command line, activated with an authenticator and signed in with its code.</summary>
    private async Task SignInAsAdministratorAsync(IPage page, string email)
    {
        var cli = await Cli.RunAsync(identity.Platform.ConnectionString, identity.CliEnvironment(), "operators", "create", "--email", email, "--role", "administrateur");
        Assert.True(cli.ExitCode == 0, cli.Error);
        await page.GotoAsync(cli.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        var key = (await page.Locator(".totp-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(OperatorPassword);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(OperatorPassword);
        await page.GetByLabel("Code à 6 chiffres", new() { Exact = true }).FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer le compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Codes de secours");
        await page.GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"Connecté en tant que {email}");
    }
}
