using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>The supervisor's catalogue administration in Chromium: axe-core and 320 px on the catalogue and the form editor, errors shown.</summary>
public sealed class AdminBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "mot de passe du cabinet du maire";

    [Fact]
    public async Task The_catalogue_and_the_form_editor_read_at_320_px_and_axe_finds_nothing_serious()
    {
        var cli = await Cli.RunAsync(identity.Platform.ConnectionString, identity.CliEnvironment(),
            "agents", "invite", "--slug", "lavaur", "--email", "cabinet.admin@lavaur.example", "--given-name", "Claire", "--family-name", "Cabinet");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var link = await identity.LinkMailedToAsync("cabinet.admin@lavaur.example");
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth, 640);
        await using var _ = context;
        await page.GotoAsync(link);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/agents"));

        foreach (var (path, heading) in new[]
        {
            ("/agents/catalogue", "Catalogue et services"),
            ("/agents/catalogue/courriels", "Courriels de la mairie"),
            ("/agents/catalogue/courriels?cle=acknowledgement", "Courriel « Accusé de réception »"),
            ("/agents/catalogue/themes/nid-de-poule/formulaire", "Formulaire du thème « Signaler un nid-de-poule »"),
        })
        {
            await page.GotoAsync(identity.Url(path));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await PageChecks.AssertNoSidewaysScrollingAsync(page, path);
            await PageChecks.AssertNoSeriousAxeViolationAsync(page, path);
        }

        // A choice without options: the summary takes the focus and the message stands next to the field.
        await page.GetByLabel("Libellé (la question posée)").FillAsync("Couleur du marquage");
        await page.GetByLabel("Nom technique").FillAsync("couleur");
        await page.GetByLabel("Type").SelectOptionAsync("choice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le champ" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Un choix demande au moins deux options");
        await Expect(page.Locator("#Field_Options-erreur")).ToContainTextAsync("Un choix demande au moins deux options");
        await Expect(page.GetByLabel("Libellé (la question posée)")).ToHaveValueAsync("Couleur du marquage");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "éditeur de formulaire en erreur");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "éditeur de formulaire en erreur");
    }
}
