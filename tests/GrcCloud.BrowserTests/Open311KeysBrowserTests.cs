using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>The supervisor's Open311 keys page in Chromium: a key issued is shown once, revoked in one click; axe-core and 320 px.</summary>
[Collection(BackOfficeCollection.Name)]
public sealed class Open311KeysBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task A_supervisor_issues_a_key_sees_it_once_and_revokes_it()
    {
        var (context, page) = await _people.AgentAsync("superviseur.open311@lavaur.example", "supervisor");
        await using var _ = context;
        await page.GotoAsync(identity.Url("/agents/integrations/open311"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Clés Open311");

        // A name is required: the error is next to the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Délivrer la clé" }).ClickAsync();
        await Expect(page.Locator("#KeyName-erreur")).ToContainTextAsync("Indiquez le nom de l'application");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "clés Open311, formulaire en erreur");

        await page.GetByLabel("Nom de l’application").FillAsync("Application citoyenne du Tarn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Délivrer la clé" }).ClickAsync();
        var issued = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Clé créée pour « Application citoyenne du Tarn »" });
        await Expect(issued).ToBeVisibleAsync();
        var key = await page.Locator("#cle-emise").TextContentAsync() ?? "";
        Assert.StartsWith("o311_", key, StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Application citoyenne du Tarn" });
        await Expect(row).ToContainTextAsync("jamais");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "clés Open311, clé délivrée");
        await BackOfficePeople.AssertReflowsAsync(page, "clés Open311, clé délivrée");

        // Shown once: the page read again lists the key without it.
        await page.GotoAsync(identity.Url("/agents/integrations/open311"));
        await Expect(row).ToBeVisibleAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Révoquer la clé de Application citoyenne du Tarn" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Clé de « Application citoyenne du Tarn » révoquée");
        await Expect(row).ToContainTextAsync("révoquée le");
        await BackOfficePeople.AssertReflowsAsync(page, "clés Open311, clé révoquée");
    }
}
