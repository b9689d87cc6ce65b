using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The supervisor connects the town's software: a service client with its scopes on /agents/integrations, then a webhook
/// on /agents/integrations/webhooks; both pages pass axe-core and read at 320 px, with and without errors.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed class IntegrationsBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task A_supervisor_registers_a_client_with_scopes_then_subscribes_a_webhook()
    {
        var (context, page) = await _people.AgentAsync("direction.integrations@lavaur.example", "supervisor");
        await using var _ = context;
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Espace des agents" }).GetByRole(AriaRole.Link, new() { Name = "Intégrations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Applications raccordées");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Clés Open311" })).ToHaveAttributeAsync("href", "/agents/integrations/open311");

        await page.GetByLabel("Nom du logiciel").FillAsync("Gestion des interventions");
        await page.GetByLabel("Lire les demandes et leur historique public (requests:read)").CheckAsync();
        await page.GetByLabel("Créer des demandes, ajouter des notes internes et des réponses publiques (requests:write)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Secret (affiché une seule fois");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Gestion des interventions" });
        await Expect(row).ToContainTextAsync("grc_api, requests:read, requests:write");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "/agents/integrations");
        await BackOfficePeople.AssertReflowsAsync(page, "/agents/integrations");

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks : être prévenu des événements des demandes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Webhooks");
        await page.GetByLabel("Nom du logiciel").FillAsync("Gestion des interventions");
        await page.GetByLabel("Adresse de réception").FillAsync("http://interventions.exemple.fr/grccloud");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'abonnement" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#Address-erreur")).ToContainTextAsync("https://");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "webhooks, adresse refusée");
        await BackOfficePeople.AssertReflowsAsync(page, "webhooks, adresse refusée");

        await page.GetByLabel("Adresse de réception").FillAsync("https://interventions.exemple.fr/grccloud");
        await page.GetByLabel("Message ou réponse du demandeur").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'abonnement" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Secret de signature (affiché une seule fois");
        var subscription = page.GetByRole(AriaRole.Region, new() { Name = "Gestion des interventions" });
        await Expect(subscription).ToContainTextAsync("https://interventions.exemple.fr/grccloud");
        await Expect(subscription).Not.ToContainTextAsync("Message ou réponse du demandeur");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "/agents/integrations/webhooks");
        await BackOfficePeople.AssertReflowsAsync(page, "/agents/integrations/webhooks");
    }
}
