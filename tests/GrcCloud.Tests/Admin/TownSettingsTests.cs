using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Admin;

/// <summary>Banner, contacts, families, services and correspondents, reply templates: each change seen at once where it matters, and journaled.</summary>
public sealed class TownSettingsTests(AdminFixture town) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task The_emergency_banner_shows_on_the_cached_home_page_at_once_and_goes_when_cleared()
    {
        using var visitor = town.Env.Session();
        Assert.Null((await visitor.PageAsync("/")).QuerySelector(".emergency-banner")); // the home is now in the output cache
        var versionBefore = town.Env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!.CatalogueVersion;

        var set = await town.Supervisor.EditAsync("/agents/catalogue/commune", new Dictionary<string, string?> { ["Banner"] = "Coupure d'eau rue Villeneuve jeudi de 8 h à 12 h." }, "form[action*='Banner']");
        Assert.Contains("Le bandeau est affiché", set.Text("[role=status]"));

        Assert.Contains("Coupure d'eau rue Villeneuve", (await visitor.PageAsync("/")).Text(".emergency-banner"));
        Assert.Contains("Coupure d'eau rue Villeneuve", (await visitor.PageAsync("/demarches/nid-de-poule")).Text(".emergency-banner"));
        Assert.True(town.Env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!.CatalogueVersion > versionBefore);

        await town.Supervisor.PostHandlerAsync("/agents/catalogue/commune", "ClearBanner", new Dictionary<string, string>());
        Assert.Null((await visitor.PageAsync("/")).QuerySelector(".emergency-banner"));

        var contact = await town.Supervisor.EditAsync("/agents/catalogue/commune", new Dictionary<string, string?> { ["Contact.Phone"] = "05 63 58 00 00", ["Contact.Email"] = "pas une adresse" }, "form[action*='Contact']");
        Assert.Contains("L'adresse électronique n'est pas valide (exemple", contact.Text("#Contact_Email-erreur"));
        await town.Supervisor.EditAsync("/agents/catalogue/commune", new Dictionary<string, string?> { ["Contact.Phone"] = "05 63 58 00 00", ["Contact.Email"] = "mairie@lavaur.example" }, "form[action*='Contact']");
        Assert.Contains("05 63 58 00 00", (await visitor.PageAsync("/")).Text("footer"));

        var journal = (await town.Supervisor.PageAsync("/agents/journal?action=town.banner_cleared")).QuerySelectorAll("tbody tr");
        Assert.Single(journal);
        Assert.Contains("bandeau", journal[0].TextContent);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("+1")]
    [InlineData("05 63 58 00 00 poste 12")]
    public async Task A_phone_that_is_not_a_telephone_number_is_refused_with_a_french_message_for_the_town_a_service_and_a_resident(string phone)
    {
        var contact = await town.Supervisor.EditAsync("/agents/catalogue/commune", new Dictionary<string, string?> { ["Contact.Phone"] = phone, ["Contact.Email"] = "mairie@lavaur.example" }, "form[action*='Contact']");
        Assert.Contains("Le numéro de téléphone n'est pas valide : 10 chiffres commençant par 0", contact.Text("#Contact_Phone-erreur"));

        var service = await town.Supervisor.EditAsync("/agents/catalogue/services", new Dictionary<string, string?> { ["Input.Name"] = "Service " + phone, ["Input.Phone"] = phone });
        Assert.Contains("Le numéro de téléphone n'est pas valide", service.Text("#Input_Phone-erreur"));

        var account = await Html.ParseAsync(await town.Resident.SubmitAsync("/mon-compte", new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Léa", ["Input.FamilyName"] = "Habitante", ["Input.Phone"] = phone,
        }, "form[action*='Save']"));
        Assert.Contains("Le numéro de téléphone n'est pas valide", account.Text("#Input_Phone-erreur"));

        await town.InTownAsync("lavaur", async (db, _) =>
        {
            Assert.False(await db.Settings.AnyAsync(s => s.ContactPhone == phone));
            Assert.False(await db.Services.AnyAsync(s => s.Phone == phone));
            Assert.False(await db.Users.AnyAsync(u => u.PhoneNumber == phone));
            return 0;
        });
    }

    [Fact]
    public async Task The_journal_lists_the_newest_first_filters_by_agent_action_subject_and_dates_and_pages()
    {
        var oldAt = DateTimeOffset.UtcNow.AddDays(-40);
        await town.InTownAsync("lavaur", async (db, _) =>
        {
            var start = DateTimeOffset.UtcNow.AddDays(-3);
            for (var i = 0; i < 60; i++)
                db.AuditLog.Add(new AuditEntry { At = start.AddMinutes(i), UserName = "Agent Historique", Action = "request.viewed", Subject = $"LAV-2026-{i:D6}" });
            db.AuditLog.Add(new AuditEntry { At = oldAt, UserName = "Agent Ancien", Action = "request.status", Subject = "LAV-2025-000001" });
            return await db.SaveChangesAsync();
        });

        var all = await town.Supervisor.PageAsync("/agents/journal?agent=Agent%20Historique");
        Assert.Contains("60 actions – page 1 sur 2", all.Text("[role=status]"));
        Assert.Equal("Actions des agents, les plus récentes d'abord", all.Text("caption"));
        var rows = all.QuerySelectorAll("tbody tr");
        Assert.Equal(50, rows.Length);
        Assert.Contains("LAV-2026-000059", rows[0].TextContent);
        var next = all.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await town.Supervisor.PageAsync("/agents/journal" + next);
        Assert.Equal(10, second.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("LAV-2026-000000", second.QuerySelectorAll("tbody tr")[^1].TextContent);

        var bySubject = await town.Supervisor.PageAsync("/agents/journal?objet=lav-2026-00005");
        Assert.Equal(10, bySubject.QuerySelectorAll("tbody tr").Length);
        // The journal's dates are Paris dates: the entry of 40 days ago may fall on the next day there.
        var old = TimeZoneInfo.ConvertTime(oldAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var byDate = await town.Supervisor.PageAsync($"/agents/journal?du={old}&au={old}");
        Assert.Equal("LAV-2025-000001", byDate.QuerySelectorAll("tbody tr td")[3].TextContent);
        Assert.Single(byDate.QuerySelectorAll("tbody tr"));
        var byAction = await town.Supervisor.PageAsync("/agents/journal?action=request.status");
        Assert.All(byAction.QuerySelectorAll("tbody tr"), r => Assert.Contains(AuditAction.RequestStatus.Label, r.TextContent)); // "État changé"

        var badDate = await town.Supervisor.PageAsync("/agents/journal?du=31/02/2026");
        Assert.Contains("Indiquez une date valide", badDate.Text("#du-erreur"));
    }

    [Fact]
    public async Task Families_are_created_moved_and_removed_when_empty()
    {
        var created = await town.Supervisor.EditAsync("/agents/catalogue", new Dictionary<string, string?> { ["Input.Title"] = "Environnement et énergie" }, "form[action*='CreateFamily']");
        Assert.Contains("La famille « Environnement et énergie » est créée.", created.Text("[role=status]"));
        var family = await town.InTownAsync("lavaur", (db, _) => db.Families.SingleAsync(f => f.Slug == "environnement-et-energie"));

        var moved = await Html.ParseAsync(await town.Supervisor.PostHandlerAsync("/agents/catalogue", "MoveFamily", new Dictionary<string, string> { ["id"] = family.Id.ToString(), ["direction"] = "-1" }));
        var titles = moved.QuerySelectorAll(".admin-family h3").Select(h => h.TextContent).ToList();
        Assert.Contains("Environnement et énergie", titles[^2]);

        var renamed = await town.Supervisor.EditAsync("/agents/catalogue/familles/environnement-et-energie", new Dictionary<string, string?> { ["Input.Title"] = "Transition écologique" });
        Assert.Contains("Transition écologique", renamed.Text("main"));

        await town.Supervisor.PostHandlerAsync("/agents/catalogue", "DeleteFamily", new Dictionary<string, string> { ["id"] = family.Id.ToString() });
        Assert.False(await town.InTownAsync("lavaur", (db, _) => db.Families.AnyAsync(f => f.Id == family.Id)));
        var journal = (await town.Supervisor.PageAsync("/agents/journal?objet=environnement-et-energie")).Text("tbody");
        foreach (var action in new[] { AuditAction.FamilyCreated, AuditAction.FamilyMoved, AuditAction.FamilyUpdated, AuditAction.FamilyDeleted })
            Assert.Contains(action.Label, journal); // the journal reads in words
    }

    [Fact]
    public async Task A_new_service_gets_correspondents_whose_preferences_name_it_and_who_choose_a_daily_digest()
    {
        using var colleague = await town.AgentAsync("lavaur", "jardins@lavaur.example", GrcCloud.Data.Towns.AgentRoles.Agent);
        var created = await town.Supervisor.EditAsync("/agents/catalogue/services", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Jardins familiaux", ["Input.Email"] = "jardins@mairie.example", ["Input.Phone"] = "05 63 00 00 99",
        });
        Assert.Contains("Service « Jardins familiaux »", created.Text("h1"));
        Assert.Contains("Aucun correspondant", created.Text("main"));

        var page = await town.Supervisor.PageAsync("/agents/catalogue/services/jardins-familiaux");
        var added = await town.Supervisor.EditAsync("/agents/catalogue/services/jardins-familiaux", new Dictionary<string, string?>
        {
            ["agent"] = page.OptionValue("agent", "jardins@lavaur.example"),
        }, "form[action*='Add']");
        Assert.Contains("jardins@lavaur.example", added.Text(".admin-people"));

        var preferences = await colleague.PageAsync("/agents/preferences");
        Assert.Contains("Jardins familiaux", preferences.Text("main"));
        Assert.NotNull(preferences.QuerySelector("input[value=chaque][checked]"));
        var saved = await colleague.EditAsync("/agents/preferences", new Dictionary<string, string?> { ["Frequency"] = "quotidien" }, "main form.form");
        Assert.Contains("Votre choix est enregistré.", saved.Text("[role=status]"));
        Assert.NotNull(saved.QuerySelector("input[value=quotidien][checked]"));
        Assert.True(await town.InTownAsync("lavaur", (db, _) => db.Users.Where(u => u.Email == "jardins@lavaur.example").Select(u => u.DailyDigest).SingleAsync()));

        var forged = await town.Supervisor.EditAsync("/agents/catalogue/services/jardins-familiaux", new Dictionary<string, string?> { ["agent"] = Guid.NewGuid().ToString() }, "form[action*='Add']");
        Assert.Contains("Choisissez un agent de la liste.", forged.Text("#agent-erreur"));
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/agents/preferences")).StatusCode);
    }

    [Fact]
    public async Task Reply_templates_come_from_the_recipe_and_the_supervisor_adds_one_with_known_placeholders_only()
    {
        var replies = await town.Supervisor.PageAsync("/agents/catalogue/reponses");
        Assert.Contains("Refus motivé avec voies de recours", replies.Text("tbody"));
        Assert.Contains("Autorisation d'occupation accordée", replies.Text("tbody"));
        var seeded = await town.InTownAsync("lavaur", (db, _) => db.ReplyTemplates.Where(r => r.Status == RequestStatus.Rejected && r.ThemeId == null).SingleAsync());
        Assert.Contains("tribunal administratif", seeded.Body);
        Assert.True(await town.InTownAsync("lavaur", (db, _) => db.Themes.Where(t => t.Slug == "occupation-domaine-public").Select(t => t.RequiresValidation).SingleAsync()));
        Assert.True(await town.InTownAsync("lavaur", (db, _) => db.Themes.Where(t => t.Slug == "nid-de-poule").Select(t => t.SiteVisitUsual).SingleAsync()));

        var unknown = await town.Supervisor.EditAsync("/agents/catalogue/reponses", new Dictionary<string, string?>
        {
            ["Input.Status"] = "Resolved", ["Input.Title"] = "Lampadaire réparé", ["Input.Body"] = "Bonjour {nom}, le lampadaire est réparé.",
        });
        Assert.Contains("Repère inconnu : {nom}", unknown.Text("#Input_Body-erreur"));
        Assert.Equal("Lampadaire réparé", unknown.QuerySelector("#Input_Title")!.GetAttribute("value"));

        var themeId = unknown.OptionValue("Input.ThemeId", "Signaler un lampadaire en panne");
        var saved = await town.Supervisor.EditAsync("/agents/catalogue/reponses", new Dictionary<string, string?>
        {
            ["Input.Status"] = "Resolved", ["Input.ThemeId"] = themeId, ["Input.Title"] = "Lampadaire réparé",
            ["Input.Body"] = "Bonjour {name}, le lampadaire signalé ({reference}) est réparé.",
        });
        Assert.Contains("Le modèle « Lampadaire réparé » est enregistré.", saved.Text("[role=status]"));
        var row = saved.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Lampadaire réparé", StringComparison.Ordinal));
        Assert.Contains("Signaler un lampadaire en panne", row.TextContent);
        Assert.Contains("Traitée", row.TextContent);
    }
}
