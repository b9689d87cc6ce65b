using System.Net;
using AngleSharp.Dom;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Tests.Workflow.WorkflowPeople;

namespace GrcCloud.Tests.Workflow;

/// <summary>
/// A request of a theme that needs an elected official's validation, from submission to the
/// resident's rating, driven through the real pages: information asked and answered with a file,
/// site visit with a photo, validation approved, public reply from a template.
/// </summary>
public sealed class RequestLifeCycleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_request_goes_through_information_site_visit_and_validation_and_the_resident_sees_only_public_events()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var templateId = await InTownAsync(env, async db =>
        {
            var theme = await db.Themes.SingleAsync(t => t.Slug == "rendez-vous-elu");
            theme.RequiresValidation = true;
            var template = new ReplyTemplate { Id = Guid.CreateVersion7(), ThemeId = theme.Id, Status = RequestStatus.Resolved, Title = "Rendez-vous fixé",
                Body = "Bonjour {name}, votre demande {reference} ({theme}) est acceptée." };
            db.ReplyTemplates.Add(template);
            await db.SaveChangesAsync();
            return template.Id;
        });
        using var resident = await ResidentAsync(env, "louise@exemple.fr", "Louise Bernard");
        var reference = await SubmitAsync(resident);
        using var claire = await AgentAsync(env, "claire@lavaur.example", "Claire Martin", AgentRoles.Agent, "cabinet-du-maire");
        using var elise = await AgentAsync(env, "elise@lavaur.example", "Élise Durand", AgentRoles.ElectedOfficial, null);
        var page = $"/agents/demandes/{reference}";

        var opened = await claire.PageAsync(page);
        Assert.Contains("Louise Bernard", opened.Text("main"));
        Assert.Contains("a un compte sur le portail", opened.Text("main"));
        Assert.Contains("Stationnement rue Villeneuve", opened.Text("main"));
        Assert.Contains("personne (à prendre)", opened.Text("[data-attribution]"));

        var taken = await ActAsync(claire, page, "Prendre", []);
        Assert.Contains("Vous avez pris cette demande", taken.Text("[role=status]"));
        Assert.Equal("Claire Martin", taken.Text("[data-attribution]"));
        Assert.Equal("Prise en compte", taken.Text("[data-etat]"));

        await ActAsync(claire, page, "Note", new() { ["note.texte"] = "NOTE-SECRÈTE : voir avec le cabinet" });
        await ActAsync(claire, page, "Appel", new() { ["appel.date"] = ParisLocal(TimeSpan.Zero), ["appel.resultat"] = "message", ["appel.note"] = "APPEL-SECRET rappeler lundi" });
        var asked = await ActAsync(claire, page, "Information", new() { ["information.message"] = "Merci de préciser vos disponibilités." });
        Assert.Equal("En attente de votre réponse", asked.Text("[data-etat]"));

        // The resident answers with a file: the request resumes where it was.
        var mine = await resident.PageAsync($"/mes-demandes/{reference}");
        Assert.Contains("Le service attend votre réponse", mine.Text("main"));
        Assert.Contains("Merci de préciser vos disponibilités.", mine.Text("#titre-message + p"));
        var answered = await resident.FollowAsync(await PostFormAsync(resident, mine, $"/mes-demandes/{reference}", "form[action*='handler=Message']",
            new Dictionary<string, string> { ["message.texte"] = "Le mardi matin." }, ("message.fichiers", "disponibilites.pdf", "application/pdf", Pdf)));
        Assert.Contains("Votre réponse a été transmise au service", (await Html.ParseAsync(answered)).Text("main"));
        var resumed = await claire.PageAsync(page);
        Assert.Equal("Prise en compte", resumed.Text("[data-etat]"));
        Assert.Contains("Réponse du demandeur : Le mardi matin.", resumed.Text(".timeline"));
        Assert.Contains("disponibilites.pdf", resumed.Text(".timeline"));

        // A validated theme cannot be answered before the official approves.
        var early = await PostFormAsync(claire, page, "form[action*='handler=Repondre']", new Dictionary<string, string> { ["reponse.issue"] = "traitee", ["reponse.texte"] = "Accepté." });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("demande la validation d'un élu", (await Html.ParseAsync(early)).Text("#reponse_texte-erreur"));

        var tomorrow = DateTime.Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T09:30";
        var claireId = resumed.QuerySelectorAll("#visite_agent option").Single(o => o.TextContent == "Claire Martin").GetAttribute("value")!;
        var scheduled = await ActAsync(claire, page, "Visite", new() { ["visite.date"] = tomorrow, ["visite.agent"] = claireId });
        Assert.Equal("En cours d'instruction", scheduled.Text("[data-etat]"));
        Assert.Contains("par Claire Martin", scheduled.Text("main"));
        var recorded = await claire.FollowAsync(await PostFormAsync(claire, page, "form[action*='handler=Constat']",
            new Dictionary<string, string> { ["constat.texte"] = "CONSTAT-INTERNE trottoir encombré" }, ("constat.photos", "visite-trottoir.jpg", "image/jpeg", Photo)));
        var afterVisit = await Html.ParseAsync(recorded);
        Assert.Contains("Compte rendu de visite enregistré", afterVisit.Text("[role=status]"));
        Assert.Contains("visite-trottoir.jpg", afterVisit.Text(".files"));
        Assert.Contains("interne", afterVisit.QuerySelectorAll(".files li").Single(li => li.TextContent.Contains("visite-trottoir.jpg", StringComparison.Ordinal)).TextContent);

        var eliseId = afterVisit.QuerySelectorAll("#validation_elu option").Single(o => o.TextContent == "Élise Durand").GetAttribute("value")!;
        var waiting = await ActAsync(claire, page, "Validation", new() { ["validation.elu"] = eliseId, ["validation.question"] = "QUESTION-ELU : accorder le rendez-vous ?" });
        Assert.Equal("En attente de validation par un élu", waiting.Text("[data-etat]"));

        // The official asked opens the request: she is sent to decide on her validations page.
        var asOfficial = await elise.PageAsync(page);
        var toDecide = asOfficial.QuerySelector(".request-actions .notice a")!;
        Assert.Contains("Votre validation est demandée pour cette demande", asOfficial.Text(".request-actions"));
        Assert.StartsWith("/agents/validations#validation-", toDecide.GetAttribute("href"));
        Assert.Empty(asOfficial.QuerySelectorAll("main form[method=post]"));

        // The official's queue.
        var queue = await elise.PageAsync("/agents/validations");
        Assert.Contains(reference, queue.Text("main"));
        Assert.Contains("QUESTION-ELU", queue.Text("main"));
        var validationId = queue.QuerySelector("input[name=validation]")!.GetAttribute("value")!;
        var decided = await elise.FollowAsync(await elise.SubmitAsync(queue, new Uri(elise.BaseAddress, "/agents/validations"), new Dictionary<string, string>
        {
            [$"v{Guid.Parse(validationId):N}.decision"] = "approuver",
            [$"v{Guid.Parse(validationId):N}.commentaire"] = "D'accord pour un rendez-vous.",
        }, "main form"));
        var afterDecision = await Html.ParseAsync(decided);
        Assert.Contains("Validation approuvée", afterDecision.Text("[role=status]"));
        Assert.Contains("Aucune validation en attente", afterDecision.Text("main"));
        Assert.Equal("En cours d'instruction", (await claire.PageAsync(page)).Text("[data-etat]"));
        Assert.Contains("Vous consultez cette demande en tant qu'élu : les agents du service la traitent.", (await elise.PageAsync(page)).Text(".request-actions"));

        // The reply starts from the theme's template, its placeholders filled.
        var withTemplate = await claire.PageAsync($"{page}?modele={templateId}");
        var filled = withTemplate.QuerySelector("#reponse_texte")!.TextContent;
        Assert.Equal($"Bonjour Louise Bernard, votre demande {reference} (Demander un rendez-vous avec un élu) est acceptée.", filled);
        var resolved = await ActAsync(claire, page, "Repondre", new() { ["reponse.issue"] = "traitee", ["reponse.texte"] = filled }, withTemplate);
        Assert.Equal("Traitée", resolved.Text("[data-etat]"));
        Assert.NotNull((await RequestAsync(env, reference)).ClosedAt);

        // The resident sees the public progress only, and rates.
        var final = await resident.PageAsync($"/mes-demandes/{reference}");
        var timeline = final.Text(".timeline");
        Assert.Contains("prise en compte", timeline);
        Assert.Contains("Merci de préciser vos disponibilités.", timeline);
        Assert.Contains("Votre demande a été traitée : Bonjour Louise Bernard", timeline);
        foreach (var secret in new[] { "NOTE-SECRÈTE", "APPEL-SECRET", "CONSTAT-INTERNE", "QUESTION-ELU", "visite-trottoir.jpg", "Claire Martin" })
            Assert.DoesNotContain(secret, final.Text("main"));
        Assert.Contains("disponibilites.pdf", final.Text("main"));
        var photoId = await InTownAsync(env, db => db.RequestAttachments.Where(a => a.Origin == "visit").Select(a => a.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/mes-demandes/{reference}/pieces/{photoId}")).StatusCode);
        var rated = await Html.ParseAsync(await resident.FollowAsync(await resident.SubmitAsync($"/mes-demandes/{reference}", new Dictionary<string, string> { ["note"] = "5" }, "form[action*='Avis']")));
        Assert.Contains("Merci, votre avis a été enregistré", rated.Text(".success"));

        // Stored as shown: the photo without its Exif segment, every view and change audited.
        var photo = await InTownAsync(env, db => db.RequestAttachments.SingleAsync(a => a.Origin == "visit"));
        Assert.False(photo.IsPublic);
        Assert.DoesNotContain((byte)0xE1, photo.Content.Take(4));
        var audited = await InTownAsync(env, db => db.AuditLog.Where(a => a.Subject == reference).Select(a => a.Action).ToListAsync());
        foreach (var action in new[] { "request.viewed", "request.taken", "request.note", "request.call", "request.information_requested",
                     "request.visit_scheduled", "request.visit_recorded", "request.validation_requested", "request.validation_decided", "request.resolved" })
            Assert.Contains(action, audited);
        var validation = await InTownAsync(env, db => db.Validations.SingleAsync());
        Assert.Equal(ValidationDecision.Approved, validation.Decision);
    }

    /// <summary>Posts one action's form of the agent's page and follows back to the page (asserting success).</summary>
    internal static async Task<IDocument> ActAsync(WebSession agent, string page, string handler, Dictionary<string, string> values, IDocument? shown = null)
    {
        shown ??= await agent.PageAsync(page);
        var response = await PostFormAsync(agent, shown, page, $"form[action*='handler={handler}']", values);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler} : {response.StatusCode} {(await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent}");
        return await Html.ParseAsync(await agent.FollowAsync(response));
    }
}
