using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Testing;
using GrcCloud.Tests.Requests;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Tests.Admin;

/// <summary>Themes and their forms made and changed by the supervisor, as residents then see them.</summary>
public sealed class ThemeEditorTests(AdminFixture town) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task A_theme_composed_in_the_editor_is_on_the_portal_at_once_and_residents_submit_it()
    {
        using var visitor = town.Env.Session();
        Assert.DoesNotContain("Demander un composteur", (await visitor.PageAsync("/famille/voirie-proprete-cadre-de-vie")).Text("main")); // now cached

        var creation = await town.Supervisor.PageAsync("/agents/catalogue/themes?famille=voirie-proprete-cadre-de-vie");
        var form = await town.Supervisor.EditAsync("/agents/catalogue/themes?famille=voirie-proprete-cadre-de-vie", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Demander un composteur",
            ["Input.Summary"] = "Un composteur de jardin prêté par la commune.",
            ["Input.ServiceId"] = creation.OptionValue("Input.ServiceId", "Espaces verts"),
            ["Input.DueDays"] = "20",
            ["Input.SiteVisitUsual"] = "true",
        });
        Assert.Contains("Formulaire du thème « Demander un composteur »", form.Text("h1"));
        Assert.Contains("aucun champ", form.Text("main"));

        const string Editor = "/agents/catalogue/themes/demander-un-composteur/formulaire";
        var withChoice = await town.Supervisor.EditAsync(Editor, new Dictionary<string, string?>
        {
            ["Field.Label"] = "Taille du composteur", ["Field.Name"] = "taille", ["Field.Type"] = "choice",
            ["Field.Required"] = "true", ["Field.Options"] = "300 litres\n600 litres",
        });
        Assert.Contains("Le formulaire passe en version 2", withChoice.Text("[role=status]"));
        var withText = await town.Supervisor.EditAsync(Editor, new Dictionary<string, string?>
        {
            ["Field.Label"] = "Adresse du jardin", ["Field.Name"] = "adresse_jardin", ["Field.Type"] = "text", ["Field.Required"] = "true", ["Field.MaxLength"] = "200",
        });
        Assert.Equal(["Taille du composteur", "Adresse du jardin"], withText.QuerySelectorAll("tbody tr td:first-child").Select(c => c.TextContent));
        await town.Supervisor.EditAsync("/agents/catalogue/themes/demander-un-composteur", new Dictionary<string, string?> { ["Input.IsActive"] = "true" });

        Assert.Contains("Demander un composteur", (await visitor.PageAsync("/famille/voirie-proprete-cadre-de-vie")).Text("main"));
        var themePage = await visitor.GetAsync("/demarches/demander-un-composteur");
        Assert.Equal(HttpStatusCode.OK, themePage.StatusCode);
        Assert.Contains("Un composteur de jardin prêté par la commune.", (await Html.ParseAsync(themePage)).Text("main"));

        var submitted = await town.Resident.SubmitAsync("/demarches/demander-un-composteur/formulaire", new Dictionary<string, string>
        {
            ["f.taille"] = "600 litres",
            ["f.adresse_jardin"] = "3 rue des Jardins",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Contains("/accuse-de-reception", submitted.Headers.Location!.OriginalString);
        var stored = await town.InTownAsync("lavaur", (db, _) => db.Requests.SingleAsync(r => r.ThemeTitle == "Demander un composteur"));
        Assert.Equal(3, stored.FormVersion);
        Assert.Equal("600 litres", stored.Answers.Single(a => a.Name == "taille").Values.Single());
        var theme = await town.InTownAsync("lavaur", (db, _) => db.Themes.SingleAsync(t => t.Slug == "demander-un-composteur"));
        Assert.True(theme.SiteVisitUsual);
        Assert.Contains(AuditAction.ThemeCreated.Label, (await town.Supervisor.PageAsync("/agents/journal?objet=demander-un-composteur")).Text("tbody"));
    }

    [Fact]
    public async Task Changing_a_form_makes_a_new_version_and_a_request_already_sent_keeps_its_own_questions()
    {
        var sent = await town.Resident.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(town.Resident));
        var reference = sent.Headers.Location!.OriginalString.Split('/')[2];

        var edited = await town.Supervisor.EditAsync("/agents/catalogue/themes/rendez-vous-elu/formulaire?champ=sujet", new Dictionary<string, string?>
        {
            ["Field.Label"] = "Objet précis du rendez-vous",
        }, "form[action*='SaveField']");
        Assert.Contains("Objet précis du rendez-vous", edited.Text("tbody"));
        // Moving and removing are changes of the form too.
        const string Editor = "/agents/catalogue/themes/rendez-vous-elu/formulaire";
        await town.Supervisor.PostHandlerAsync(Editor, "MoveField", new Dictionary<string, string> { ["name"] = "sujet", ["direction"] = "-1" });
        var editor = await Html.ParseAsync(await town.Supervisor.PostHandlerAsync(Editor, "RemoveField", new Dictionary<string, string> { ["name"] = "disponibilites" }));
        Assert.Equal(["Objet précis du rendez-vous", "Élu souhaité", "Ce dont vous souhaitez parler", "Téléphone"], editor.QuerySelectorAll("tbody tr td:first-child").Select(c => c.TextContent));
        Assert.Contains("version 4", editor.Text("main"));

        Assert.Contains("Objet précis du rendez-vous", (await town.Resident.PageAsync(SubmitRequestTests.Form)).Text("main form"));
        var residentView = (await town.Resident.PageAsync($"/mes-demandes/{reference}")).Text("main");
        Assert.Contains("Sujet", residentView);
        Assert.DoesNotContain("Objet précis du rendez-vous", residentView);
        var agentView = (await town.Supervisor.PageAsync($"/agents/demandes/{reference}")).Text("main");
        Assert.Contains("Sujet", agentView);
        Assert.DoesNotContain("Objet précis", agentView);
        var request = await town.InTownAsync("lavaur", (db, _) => db.Requests.SingleAsync(r => r.Reference == reference));
        Assert.Equal(1, request.FormVersion);
        Assert.Contains(request.Form, f => f.Name == "disponibilites");
        Assert.Equal("Sujet", request.Form.Single(f => f.Name == "sujet").Label);
    }

    [Fact]
    public async Task Keywords_set_in_the_editor_make_the_search_find_the_theme_and_a_too_long_one_is_refused()
    {
        const string Theme = "/agents/catalogue/themes/aire-de-jeux-endommagee";
        using var visitor = town.Env.Session();
        Assert.Contains("Aucune démarche", (await visitor.PageAsync("/recherche?q=tyrolienne")).Text("main"));

        var tooLong = await town.Supervisor.EditAsync(Theme, new Dictionary<string, string?> { ["Input.Keywords"] = "tyrolienne, " + new string('x', 61) });
        Assert.Contains("Chaque mot-clé compte 60 caractères au plus", tooLong.Text("#Input_Keywords-erreur"));
        await town.Supervisor.EditAsync(Theme, new Dictionary<string, string?> { ["Input.Keywords"] = "toboggan, tyrolienne , balançoire" });

        var found = await visitor.PageAsync("/recherche?q=tyrolienne");
        Assert.Equal("Signaler un jeu d'enfants abîmé", found.QuerySelector(".themes li a")?.TextContent.Trim());
        Assert.Equal("toboggan, tyrolienne, balançoire", (await town.Supervisor.PageAsync(Theme)).QuerySelector("#Input_Keywords")?.TextContent.Trim());
    }

    [Fact]
    public async Task Bad_input_is_answered_in_french_next_to_the_field_and_stores_nothing()
    {
        var themesBefore = await town.InTownAsync("lavaur", (db, _) => db.Themes.CountAsync());
        var versionBefore = await FormVersionAsync("nid-de-poule");

        var noTitle = await town.Supervisor.EditAsync("/agents/catalogue/themes", new Dictionary<string, string?> { ["Input.Title"] = "" });
        Assert.Contains("Indiquez le titre du thème.", noTitle.Text("#Input_Title-erreur"));
        Assert.Contains("Indiquez le titre du thème.", noTitle.Text(".error-summary"));
        Assert.Equal("true", noTitle.QuerySelector("#Input_Title")!.GetAttribute("aria-invalid"));

        var taken = await town.Supervisor.EditAsync("/agents/catalogue/themes", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Un autre nid-de-poule", ["Input.Slug"] = "nid-de-poule", ["Input.DueDays"] = "trois",
        });
        Assert.Contains("L'identifiant « nid-de-poule » est déjà utilisé.", taken.Text("#Input_Slug-erreur"));
        Assert.Contains("Le délai de traitement doit être un nombre entier de 1 à 365.", taken.Text("#Input_DueDays-erreur"));
        Assert.Contains("Choisissez un service de la liste.", taken.Text("#Input_ServiceId-erreur"));
        Assert.Equal("Un autre nid-de-poule", taken.QuerySelector("#Input_Title")!.GetAttribute("value")); // nothing typed is lost

        const string Editor = "/agents/catalogue/themes/nid-de-poule/formulaire";
        var noOptions = await town.Supervisor.EditAsync(Editor, new Dictionary<string, string?>
        {
            ["Field.Label"] = "Couleur", ["Field.Name"] = "couleur", ["Field.Type"] = "choice", ["Field.Options"] = "Rouge",
        });
        Assert.Contains("Un choix demande au moins deux options, une par ligne.", noOptions.Text("#Field_Options-erreur"));
        var sameName = await town.Supervisor.EditAsync(Editor, new Dictionary<string, string?>
        {
            ["Field.Label"] = "Autre adresse", ["Field.Name"] = "adresse", ["Field.Type"] = "text",
        });
        Assert.Contains("Un autre champ de ce formulaire s'appelle déjà « adresse ».", sameName.Text("#Field_Name-erreur"));
        var badName = await town.Supervisor.EditAsync(Editor, new Dictionary<string, string?>
        {
            ["Field.Label"] = "Photos en plus", ["Field.Name"] = "Photos 2", ["Field.Type"] = "attachments",
        });
        Assert.Contains("commence par une minuscule", badName.Text("#Field_Name-erreur"));
        Assert.Contains("Un formulaire n'a qu'un seul champ de pièces jointes.", badName.Text("#Field_Type-erreur"));

        var noFamilyTitle = await town.Supervisor.EditAsync("/agents/catalogue", new Dictionary<string, string?> { ["Input.Title"] = " " }, "form[action*='CreateFamily']");
        Assert.Contains("Indiquez le titre de la famille.", noFamilyTitle.Text("#Input_Title-erreur"));
        var family = await town.InTownAsync("lavaur", (db, _) => db.Families.SingleAsync(f => f.Slug == "solidarite-sante"));
        var notEmpty = await Html.ParseAsync(await town.Supervisor.PostHandlerAsync("/agents/catalogue", "DeleteFamily", new Dictionary<string, string> { ["id"] = family.Id.ToString() }));
        Assert.Contains("contient des thèmes", notEmpty.Text(".error-summary"));
        Assert.True(await town.InTownAsync("lavaur", (db, _) => db.Families.AnyAsync(f => f.Slug == "solidarite-sante")));

        Assert.Equal(themesBefore, await town.InTownAsync("lavaur", (db, _) => db.Themes.CountAsync()));
        Assert.Equal(versionBefore, await FormVersionAsync("nid-de-poule"));
    }

    private Task<int> FormVersionAsync(string slug) =>
        town.InTownAsync("lavaur", (db, _) => db.Themes.Where(t => t.Slug == slug).Select(t => t.FormVersion).SingleAsync());
}
