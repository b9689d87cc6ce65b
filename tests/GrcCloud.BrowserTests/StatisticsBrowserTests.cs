using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The statistics dashboard and the public transparency page in Chromium: charts drawn without
/// script, no serious axe-core violation, and readable 320 px wide (tables scroll in their own region).
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed class StatisticsBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task The_dashboard_passes_axe_and_reads_at_320_px_with_its_errors_too()
    {
        await _people.ReportAsync("stats.habitant@exemple.fr", "Devant l'école");
        var (context, page) = await _people.AgentAsync("stats.cabinet@lavaur.example", "supervisor", null, PageChecks.NarrowWidth);
        await using var _ = context;
        await page.GotoAsync(identity.Url("/agents/statistiques"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Statistiques");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Demandes reçues et terminées par mois" })).ToBeVisibleAsync();
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "/agents/statistiques à 320 px");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "/agents/statistiques à 320 px");

        await page.GetByLabel("Des dates choisies").CheckAsync();
        await page.GetByLabel("Du", new() { Exact = true }).FillAsync("2026-03-10");
        await page.GetByLabel("Au", new() { Exact = true }).FillAsync("2026-03-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("La date de fin doit suivre la date de début.");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "/agents/statistiques en erreur à 320 px");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "/agents/statistiques en erreur à 320 px");
    }

    [Fact]
    public async Task The_transparency_page_passes_axe_and_reads_at_320_px()
    {
        var (context, page) = await identity.NewPageAsync(PageChecks.NarrowWidth);
        await using var _ = context;
        await page.GotoAsync(identity.Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Nos délais de réponse en chiffres" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nos délais de réponse en chiffres");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "/transparence à 320 px");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "/transparence à 320 px");
    }
}
