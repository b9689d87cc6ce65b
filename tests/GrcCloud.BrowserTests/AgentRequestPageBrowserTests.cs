using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// A request in the back-office (/agents/demandes/{ref}) in Chromium: axe-core and 320 px for the
/// supervisor, who has every action (the next step open, the others folded), and for a read-only agent, who has none; and an agent who takes
/// the request, writes an internal note and opens a folded action with the keyboard alone, each success said in a status.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed class AgentRequestPageBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task The_supervisors_request_page_with_all_its_actions_passes_axe_and_reads_at_320_px()
    {
        var reference = await _people.ReportAsync("mathis@exemple.fr", "Devant l'école Jean-Jaurès");
        var (context, page) = await _people.AgentAsync("superviseur.page@lavaur.example", "supervisor");
        await using var _ = context;

        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(reference);
        // A new request: taking it is the next step, an open form; the other actions wait folded under their names.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Prendre cette demande" })).ToBeVisibleAsync();
        var ask = page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'information" });
        await Expect(ask).ToBeHiddenAsync();
        await BackOfficePeople.UnfoldAsync(page, "Demander une information à l'habitant");
        await Expect(ask).ToBeVisibleAsync();

        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "demande (superviseur)");
        await BackOfficePeople.AssertReflowsAsync(page, "demande (superviseur)");
    }

    [Fact]
    public async Task The_read_only_agents_request_page_shows_no_action_passes_axe_and_reads_at_320_px()
    {
        var reference = await _people.ReportAsync("lina@exemple.fr", "Sortie du parking du lycée");
        var (context, page) = await _people.AgentAsync("lecteur@lavaur.example", "readonly", "voirie");
        await using var _ = context;

        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(reference);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Votre fonction (lecture seule) permet de consulter cette demande, pas d'agir dessus.");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "demande (lecture seule)");
        await BackOfficePeople.AssertReflowsAsync(page, "demande (lecture seule)");
    }

    [Fact]
    public async Task An_agent_takes_the_request_and_adds_an_internal_note_with_the_keyboard_alone()
    {
        var reference = await _people.ReportAsync("noah@exemple.fr", "Rue des Jardins, au virage");
        var (context, page) = await _people.AgentAsync("clavier@lavaur.example", "agent", "voirie");
        await using var _ = context;
        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        var focused = page.Locator(":focus");

        await BackOfficePeople.TabUntilAsync(page, "Prendre cette demande");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Vous avez pris cette demande." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Prendre cette demande" })).ToHaveCountAsync(0);
        await BackOfficePeople.AssertFocusLeadsToTheMessageAsync(page);

        await BackOfficePeople.TabUntilAsync(page, "Note");
        await Expect(focused).ToHaveAccessibleDescriptionAsync("Interne : jamais montrée à l'habitant ni envoyée par courriel.");
        await page.Keyboard.TypeAsync("Trou signalé aussi par le conducteur du bus scolaire.");
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveAccessibleNameAsync("Ajouter la note");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Note interne ajoutée." })).ToBeVisibleAsync();
        var note = page.Locator(".agent-timeline li.internal").Filter(new() { HasText = "conducteur du bus scolaire" });
        await Expect(note).ToContainTextAsync("Interne");
        await BackOfficePeople.AssertFocusLeadsToTheMessageAsync(page);

        // A folded action opens from the keyboard too: Enter on its summary, then Tab reaches its first field.
        await BackOfficePeople.TabUntilAsync(page, "Appel téléphonique");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("details#action-call")).ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveAccessibleNameAsync("Date et heure de l'appel");
        await Expect(focused).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")); // now, prefilled
    }

    [Fact]
    public async Task A_change_made_by_a_colleague_is_announced_on_the_open_request_page_without_reload()
    {
        var reference = await _people.ReportAsync("oriane@exemple.fr", "Place du Plô, côté fontaine");
        var (watcherContext, watcher) = await _people.AgentAsync("observatrice@lavaur.example", "agent", "voirie");
        await using var _ = watcherContext;
        var (colleagueContext, colleague) = await _people.AgentAsync("collegue@lavaur.example", "agent", "voirie");
        await using var __ = colleagueContext;
        await watcher.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        var notice = watcher.Locator("[data-request-live]");
        await Expect(notice).ToBeHiddenAsync();
        await Expect(watcher.Locator("[data-request-live][data-live-connected]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        await colleague.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Prendre cette demande" }).ClickAsync();
        await Expect(colleague.GetByRole(AriaRole.Status).Filter(new() { HasText = "Vous avez pris cette demande." })).ToBeVisibleAsync();

        await Expect(notice).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(notice).ToContainTextAsync("Cette demande vient d’être modifiée par un collègue.");
        await Expect(notice.GetByRole(AriaRole.Link, new() { Name = "Recharger la demande" })).ToBeVisibleAsync();
    }
}
