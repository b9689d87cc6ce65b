using System.Net;
using GrcCloud.Testing;
using GrcCloud.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Tests.Admin;

/// <summary>The supervisor rewrites the town's mails; the next mail goes out so, in this town only.</summary>
public sealed class MailTextsTests(AdminFixture town) : IClassFixture<AdminFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rewritten_acknowledgement_is_the_one_the_next_resident_receives_and_other_towns_keep_theirs()
    {
        var list = await town.Supervisor.PageAsync("/agents/catalogue/courriels");
        Assert.Equal(14, list.QuerySelectorAll("tbody tr").Length); // every mail kind, account_exists and follower_update included
        Assert.Contains("Accusé de réception", list.Text("tbody"));

        var editor = await town.Supervisor.PageAsync("/agents/catalogue/courriels?cle=acknowledgement");
        Assert.Contains("Camille Martin", editor.Text(".mail-preview")); // the preview fills the placeholders with examples
        var saved = await town.Supervisor.EditAsync("/agents/catalogue/courriels?cle=acknowledgement", new Dictionary<string, string?>
        {
            ["Subject"] = "Mairie de {town} : votre demande {reference} est enregistrée",
            ["Body"] = "Bonjour {name},\n\nVotre demande « {theme} » est enregistrée sous la référence {reference}.\nSuivez-la ici : {link}\n\nLa mairie",
        });
        Assert.Contains("Le courriel « Accusé de réception » est enregistré", saved.Text("[role=status]"));
        Assert.Contains("Mairie de Lavaur : votre demande LAV-2026-000123 est enregistrée", saved.Text("main"));

        var reference = await MailJobsTests.SubmitAsResidentAsync(town.Env, "mathilde@exemple.fr");
        var mail = await town.Env.Smtp.WaitForMessageToAsync("mathilde@exemple.fr", "est enregistrée", TimeSpan.FromSeconds(30), Ct);
        Assert.Equal($"Mairie de Lavaur : votre demande {reference} est enregistrée", mail.Subject);
        Assert.Contains($"/mes-demandes/{reference}", mail.TextBody);

        var gaillac = await town.InTownAsync("gaillac", (db, _) => db.MailTemplates.Where(m => m.Key == "acknowledgement").Select(m => m.Subject).SingleAsync(Ct));
        Assert.Equal("Votre demande {reference} a bien été reçue", gaillac);
        Assert.Contains("Accusé de réception", (await town.Supervisor.PageAsync("/agents/journal")).Text("main"));

        // Back to the recipe's text.
        var restored = await town.Supervisor.EditAsync("/agents/catalogue/courriels?cle=acknowledgement", new Dictionary<string, string?>(), "main form[action*='Retablir']");
        Assert.Contains("a retrouvé son texte d'origine", restored.Text("[role=status]"));
        Assert.Equal("Votre demande {reference} a bien été reçue",
            await town.InTownAsync("lavaur", (db, _) => db.MailTemplates.Where(m => m.Key == "acknowledgement").Select(m => m.Subject).SingleAsync(Ct)));
    }

    [Fact]
    public async Task An_unknown_placeholder_or_a_text_without_its_link_is_refused_next_to_the_field_and_nothing_changes()
    {
        var before = await town.InTownAsync("lavaur", (db, _) => db.MailTemplates.Where(m => m.Key == "password_reset").Select(m => m.Body).SingleAsync(Ct));

        var unknown = await town.Supervisor.EditAsync("/agents/catalogue/courriels?cle=password_reset", new Dictionary<string, string?>
        {
            ["Subject"] = "Nouveau mot de passe pour {reference}",
            ["Body"] = "Bonjour {nom}, cliquez : {link}",
        });
        Assert.Contains("Repère inconnu : {reference}", unknown.Text("#Subject-erreur"));
        Assert.Contains("Repère inconnu : {nom}", unknown.Text("#Body-erreur"));
        Assert.Equal("Bonjour {nom}, cliquez : {link}", unknown.QuerySelector("#Body")!.TextContent.Trim());

        var noLink = await town.Supervisor.EditAsync("/agents/catalogue/courriels?cle=password_reset", new Dictionary<string, string?>
        {
            ["Body"] = "Bonjour {name}, contactez la mairie.",
        });
        Assert.Contains("Gardez le repère {link}", noLink.Text("#Body-erreur"));

        Assert.Equal(before, await town.InTownAsync("lavaur", (db, _) => db.MailTemplates.Where(m => m.Key == "password_reset").Select(m => m.Body).SingleAsync(Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await town.Supervisor.GetAsync("/agents/catalogue/courriels?cle=inconnu")).StatusCode);
    }
}
