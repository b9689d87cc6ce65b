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

    /// <summary>The supervisor asks the resident a question from the request's page.</summary>
    private async Task AskInformationAsync(string reference)
    {
        var (context, page) = await _people.AgentAsync("questions@lavaur.example", "supervisor");
        await using var _ = context;
        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await page.GetByLabel("Ce que vous demandez à l'habitant").FillAsync(Question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'information" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Demande d'information envoyée à l'habitant." })).ToBeVisibleAsync();
    }
}
