using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The other back-office pages in Chromium: the queues and the counter entry read at 320 px (a
/// table may scroll inside its own region, never the page), the elected official's validations and
/// the audit journal pass axe-core.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed class BackOfficePagesBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task The_queues_read_at_320_px_their_table_scrolling_in_its_own_region()
    {
        var reference = await _people.ReportAsync("hugo@exemple.fr", "Rond-point de la gare");
        var (context, page) = await _people.AgentAsync("file.etroite@lavaur.example", "agent", "voirie", PageChecks.NarrowWidth);
        await using var _ = context;

        // "Mes demandes" (empty: the agent took nothing yet), then two tabs that list the new report.
        foreach (var (tab, listsIt) in new[] { ("", false), ("?onglet=non-attribuees", true), ("?onglet=toutes", true) })
        {
            await page.GotoAsync(identity.Url("/agents/file" + tab));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demandes");
            await Expect(page.Locator($"#demande-{reference}")).ToHaveCountAsync(listsIt ? 1 : 0);
            await PageChecks.AssertNoSidewaysScrollingAsync(page, "/agents/file" + tab);
        }
        // What is wider than the phone scrolls inside the table's region, which the keyboard can reach.
        var region = page.Locator(".table-scroll").Filter(new() { Has = page.Locator("table.queue") });
        await Expect(region).ToHaveAttributeAsync("tabindex", "0");
        Assert.True(await region.EvaluateAsync<bool>("e => e.clientWidth <= 320"), "la région du tableau tient dans l'écran");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "/agents/file à 320 px");
    }

    [Fact]
    public async Task The_counter_entry_reads_at_320_px_at_each_step_and_with_its_errors()
    {
        var (context, page) = await _people.AgentAsync("guichet.etroit@lavaur.example", "agent", "voirie", PageChecks.NarrowWidth);
        await using var _ = context;
        await page.GotoAsync(identity.Url("/agents/saisie"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Saisir une demande pour un habitant");
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "saisie, choix de la démarche");

        await page.GetByLabel("Démarche").SelectOptionAsync(new SelectOptionValue { Label = "Signaler un nid-de-poule" });
        await page.GetByLabel("À l'accueil de la mairie").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la demande" });
        await Expect(save).ToBeVisibleAsync();
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "saisie, formulaire");

        await save.ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await PageChecks.AssertNoSidewaysScrollingAsync(page, "saisie, formulaire en erreur");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "saisie, formulaire en erreur à 320 px");
    }

    [Fact]
    public async Task The_officials_validations_arrive_live_and_pass_axe_as_does_the_supervisors_view_of_them()
    {
        var reference = await _people.ReportAsync("ines@exemple.fr", "Parking du marché couvert");
        var (officialContext, official) = await _people.AgentAsync("elue@lavaur.example", "elected");
        await using var _ = officialContext;
        var (context, supervisor) = await _people.AgentAsync("superviseur.validations@lavaur.example", "supervisor");
        await using var __ = context;
        // The official's page is open before the question is asked: it says so live, with a link to the new list.
        await official.GotoAsync(identity.Url("/agents/validations"));
        await Expect(official.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToHaveTextAsync("En attente de décision (0)");
        await supervisor.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await BackOfficePeople.UnfoldAsync(supervisor, "Demander la validation d'un élu");
        await supervisor.GetByLabel("Élu", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Elue Agent" });
        await supervisor.GetByLabel("Décision à valider").FillAsync("Reboucher en enrobé à chaud plutôt qu'à froid ?");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Demander la validation" }).ClickAsync();
        await Expect(supervisor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Validation demandée à Elue Agent." })).ToBeVisibleAsync();

        await Expect(official.GetByRole(AriaRole.Status)).ToContainTextAsync("1 validation attend votre décision.", new() { Timeout = 15_000 });
        await official.GetByRole(AriaRole.Link, new() { Name = "Afficher la liste à jour" }).ClickAsync();
        var item = official.GetByRole(AriaRole.Article).Filter(new() { HasText = reference });
        await Expect(item).ToContainTextAsync("Reboucher en enrobé à chaud");
        await Expect(item.GetByRole(AriaRole.Radio, new() { Name = "J'approuve" })).ToBeVisibleAsync();
        await PageChecks.AssertNoSeriousAxeViolationAsync(official, "validations (élue)");
        await BackOfficePeople.AssertReflowsAsync(official, "validations (élue)");

        await supervisor.GotoAsync(identity.Url("/agents/validations"));
        await Expect(supervisor.GetByRole(AriaRole.Article).Filter(new() { HasText = reference })).ToContainTextAsync("à Elue Agent");
        await PageChecks.AssertNoSeriousAxeViolationAsync(supervisor, "validations (superviseur)");
    }

    [Fact]
    public async Task The_audit_journal_passes_axe_and_reads_at_320_px()
    {
        var (context, page) = await _people.AgentAsync("superviseur.journal@lavaur.example", "supervisor");
        await using var _ = context;
        var reference = await _people.ReportAsync("jules@exemple.fr", "Chemin de Saint-Roch");
        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await page.GotoAsync(identity.Url("/agents/journal"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Journal d'audit");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = reference }).First).ToContainTextAsync("Demande consultée");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "journal d'audit");
        await BackOfficePeople.AssertReflowsAsync(page, "journal d'audit");
    }
}
