using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The resident's request page once the service asked for information: the question, the answer
/// form (axe-core, 320 px), and the answer typed and sent with the keyboard alone, then read in the
/// timeline.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed class ResidentAnswerBrowserTests(IdentityPlatformFixture identity)
{
    private const string Question = "Le trou est-il devant le numéro 12 ou le numéro 14 ?";

    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task The_resident_reads_the_question_and_answers_it_with_the_keyboard_alone()
    {
        var (context, page) = await _people.ResidentAsync("jeanne@exemple.fr");
        await using var _ = context;
        var reference = await BackOfficePeople.ReportPotholeAsync(page, "Rue Villeneuve, entre deux maisons");
        await AskInformationAsync(reference);

        await page.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Le service attend votre réponse" });
        await Expect(conversation).ToContainTextAsync(Question);
        await Expect(page.Locator("[data-statut]")).ToHaveTextAsync("En attente de votre réponse");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "demande en attente de réponse");
        await BackOfficePeople.AssertReflowsAsync(page, "demande en attente de réponse");

        await BackOfficePeople.TabUntilAsync(page, "Votre réponse");
        await page.Keyboard.TypeAsync("Devant le numéro 14, côté trottoir.");
        await BackOfficePeople.TabUntilAsync(page, "Envoyer ma réponse", limit: 3);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Votre réponse a été transmise au service." })).ToBeVisibleAsync();
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Réponse du demandeur : Devant le numéro 14, côté trottoir.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Écrire au service" })).ToBeVisibleAsync();
        await BackOfficePeople.AssertFocusLeadsToTheMessageAsync(page);
    }

    [Fact]
    public async Task The_open_page_shows_a_multi_line_question_whole_and_turns_into_the_answer_form_without_reload()
    {
        var (context, page) = await _people.ResidentAsync("leon@exemple.fr");
        await using var _ = context;
        var reference = await BackOfficePeople.ReportPotholeAsync(page, "Chemin des Clauzades, au pont");
        await page.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Écrire au service" })).ToBeVisibleAsync();
        await page.GetByLabel("Votre message").FillAsync("Je précise : le trou est profond.");

        var (agentContext, agent) = await _people.AgentAsync("voirie.direct@lavaur.example", "agent", "voirie");
        await using var __ = agentContext;
        await agent.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await BackOfficePeople.UnfoldAsync(agent, "Demander une information à l'habitant");
        await agent.GetByLabel("Ce que vous demandez à l'habitant").FillAsync("Le trou est-il devant le numéro 12 ?\nOu plutôt devant le numéro 14 ?");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'information" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Status).Filter(new() { HasText = "Demande d'information envoyée à l'habitant." })).ToBeVisibleAsync();

        // No reload: the whole question in the timeline, the status, and the answer form with what was typed.
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Ou plutôt devant le numéro 14 ?", new() { Timeout = 15_000 });
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Le trou est-il devant le numéro 12 ?");
        await Expect(page.Locator("[data-statut]")).ToHaveTextAsync("En attente de votre réponse");
        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Le service attend votre réponse" });
        await Expect(conversation).ToContainTextAsync("Ou plutôt devant le numéro 14 ?", new() { Timeout = 15_000 });
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Votre réponse", Exact = true })).ToHaveValueAsync("Je précise : le trou est profond.");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "demande passée en attente de réponse sans rechargement");

        // The agent's open page is told the resident answered, not that a colleague changed the request.
        await agent.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await Expect(agent.Locator("[data-request-live][data-live-connected]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma réponse" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Votre réponse a été transmise au service." })).ToBeVisibleAsync();
        var notice = agent.Locator("[data-request-live]");
        await Expect(notice).ToContainTextAsync("L’habitant vient d’écrire au sujet de cette demande.", new() { Timeout = 15_000 });
        await Expect(notice).Not.ToContainTextAsync("collègue");
    }

    /// <summary>The supervisor asks the resident a question from the request's page.</summary>
    private async Task AskInformationAsync(string reference)
    {
        var (context, page) = await _people.AgentAsync("questions@lavaur.example", "supervisor");
        await using var _ = context;
        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await BackOfficePeople.UnfoldAsync(page, "Demander une information à l'habitant");
        await page.GetByLabel("Ce que vous demandez à l'habitant").FillAsync(Question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'information" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Demande d'information envoyée à l'habitant." })).ToBeVisibleAsync();
    }
}
