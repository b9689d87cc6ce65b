using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Tests.Workflow.WorkflowPeople;

namespace GrcCloud.Tests.Workflow;

/// <summary>Who may act on a request, two agents at once, and bad input: each refusal changes nothing.</summary>
public sealed class WorkflowGuardsTests(PostgresFixture postgres)
{
    private static readonly string[] Handlers =
        ["Prendre", "Attribuer", "Transferer", "Etat", "Note", "Appel", "Visite", "Constat", "Information", "Validation", "Repondre", "Cloturer", "Rouvrir"];

    [Fact]
    public async Task Two_agents_taking_the_same_request_at_once_one_wins_and_the_other_is_told_who_took_it()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await ResidentAsync(env, "jules@exemple.fr", "Jules Petit");
        var reference = await SubmitAsync(resident);
        using var anna = await AgentAsync(env, "anna@lavaur.example", "Anna Roux", AgentRoles.Agent, "cabinet-du-maire");
        using var marc = await AgentAsync(env, "marc@lavaur.example", "Marc Blanc", AgentRoles.Agent, "cabinet-du-maire");
        var page = $"/agents/demandes/{reference}";
        var annaPage = await anna.PageAsync(page);
        var marcPage = await marc.PageAsync(page);

        var both = await Task.WhenAll(
            PostFormAsync(anna, annaPage, page, "form[action*='handler=Prendre']", new Dictionary<string, string>()),
            PostFormAsync(marc, marcPage, page, "form[action*='handler=Prendre']", new Dictionary<string, string>()));

        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Redirect);
        var lost = Assert.Single(both, r => r.StatusCode == HttpStatusCode.Conflict);
        var request = await RequestAsync(env, reference);
        var winner = request.AssignedToName!;
        Assert.True(winner is "Anna Roux" or "Marc Blanc", winner);
        Assert.Contains($"Cette demande vient d'être prise par {winner}.", (await Html.ParseAsync(lost)).Text(".error-summary"));
        Assert.Single(request.Events, e => e.Kind == RequestEventKind.Assigned);
        Assert.Equal(1, await InTownAsync(env, db => db.AuditLog.CountAsync(a => a.Action == "request.taken")));
    }

    [Fact]
    public async Task Another_service_another_town_and_a_read_only_agent_cannot_act_and_a_follower_cannot_write()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await ResidentAsync(env, "rose@exemple.fr", "Rose Lambert");
        var reference = await SubmitAsync(resident);
        var page = $"/agents/demandes/{reference}";
        using var voirie = await AgentAsync(env, "voirie@lavaur.example", "Paul Voirie", AgentRoles.Agent, "voirie");
        using var reader = await AgentAsync(env, "lecture@lavaur.example", "Léa Lecture", AgentRoles.ReadOnly, "cabinet-du-maire");
        using var gaillac = await AgentAsync(env, "cabinet@gaillac.example", "Gilles Gaillac", AgentRoles.Supervisor, null, "gaillac");
        var before = await RequestAsync(env, reference);

        Assert.Equal(HttpStatusCode.Forbidden, (await voirie.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gaillac.GetAsync(page)).StatusCode);
        var readOnly = await reader.PageAsync(page);
        Assert.Contains("lecture seule", readOnly.Text("main"));
        Assert.Empty(readOnly.QuerySelectorAll("main form[method=post]"));
        foreach (var handler in Handlers)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostWithTokenAsync(voirie, page, handler)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostWithTokenAsync(gaillac, page, handler)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostWithTokenAsync(reader, page, handler)).StatusCode);
        }

        // Lavaur's agent cookie is worth nothing on Gaillac's host.
        using var replay = env.Session("gaillac.localhost");
        foreach (Cookie cookie in reader.Cookies.GetCookies(reader.BaseAddress))
            replay.Cookies.Add(replay.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        Assert.NotEqual(HttpStatusCode.OK, (await replay.GetAsync(page)).StatusCode);

        // A follower of the report sees its progress, never writes to the service.
        using var follower = await ResidentAsync(env, "hugo@exemple.fr", "Hugo Martin");
        var followerId = await InTownAsync(env, db => db.Users.Where(u => u.Email == "hugo@exemple.fr").Select(u => u.Id).SingleAsync());
        await InTownAsync(env, db =>
        {
            db.RequestFollowers.Add(new RequestFollower { RequestId = before.Id, ResidentId = followerId, FollowedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        var followed = await follower.PageAsync($"/mes-demandes/{reference}");
        Assert.Null(followed.QuerySelector("form[action*='handler=Message']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostWithTokenAsync(follower, $"/mes-demandes/{reference}", "Message", "/mes-demandes",
            new() { ["message.texte"] = "Moi aussi !" })).StatusCode);

        var after = await RequestAsync(env, reference);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Events.Count, after.Events.Count);
        Assert.Null(after.AssignedToId);
    }

    [Fact]
    public async Task Invalid_input_is_answered_in_french_next_to_the_field_and_changes_nothing()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await ResidentAsync(env, "ines@exemple.fr", "Inès Moreau");
        var reference = await SubmitAsync(resident);
        using var agent = await AgentAsync(env, "nina@lavaur.example", "Nina Garcia", AgentRoles.Agent, "cabinet-du-maire");
        var page = $"/agents/demandes/{reference}";
        var before = await RequestAsync(env, reference);

        await RefusedAsync(agent, page, "Repondre", new() { ["reponse.issue"] = "traitee", ["reponse.texte"] = "   " }, "#reponse_texte-erreur", "Indiquez la réponse faite à l'habitant.");
        await RefusedAsync(agent, page, "Repondre", new() { ["reponse.issue"] = "accordee", ["reponse.texte"] = "Oui." }, "#reponse_issue-erreur", "Indiquez si la demande est traitée ou refusée.");
        var services = (await agent.PageAsync(page)).QuerySelectorAll("#transfert_service option").Select(o => o.GetAttribute("value")).Where(v => v is { Length: > 0 }).ToList();
        await RefusedAsync(agent, page, "Transferer", new() { ["transfert.service"] = services[0]!, ["transfert.motif"] = "" }, "#transfert_motif-erreur", "Indiquez le motif du transfert.");
        await RefusedAsync(agent, page, "Transferer", new() { ["transfert.service"] = Guid.NewGuid().ToString(), ["transfert.motif"] = "Mauvais service" }, "#transfert_service-erreur", "Choisissez un service de la commune.");
        await RefusedAsync(agent, page, "Etat", new() { ["etat.valeur"] = "Resolved" }, "#etat_valeur-erreur", "Choisissez un des états proposés.");
        await RefusedAsync(agent, page, "Etat", new() { ["etat.valeur"] = "7" }, "#etat_valeur-erreur", "Choisissez un des états proposés.");
        await RefusedAsync(agent, page, "Appel", new() { ["appel.date"] = ParisLocal(TimeSpan.Zero), ["appel.resultat"] = "inventé" }, "#appel_resultat-erreur", "Indiquez le résultat de l'appel.");
        await RefusedAsync(agent, page, "Visite", new() { ["visite.date"] = "demain", ["visite.agent"] = Guid.NewGuid().ToString() }, "#visite_date-erreur", "Indiquez la date et l'heure de la visite");
        foreach (var outOfRange in new[] { "0001-01-01T00:00", "9999-12-31T23:59" })
            await RefusedAsync(agent, page, "Visite", new() { ["visite.date"] = outOfRange, ["visite.agent"] = Guid.NewGuid().ToString() }, "#visite_date-erreur", "La date de la visite doit être dans l'année qui vient.");
        await RefusedAsync(agent, page, "Cloturer", new(), ".error-summary", "n'est pas possible pour une demande à l'état « Reçue »", form: "Note");
        // An elected official of the service is no visit agent, even when her id is posted by hand.
        var officialId = await env.Platform.CreateAgentAsync("lavaur", "elue.visite@lavaur.example", AgentRoles.ElectedOfficial, ["cabinet-du-maire"], "Élise", "Roux");
        await RefusedAsync(agent, page, "Visite", new() { ["visite.date"] = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture), ["visite.agent"] = officialId.ToString() },
            "#visite_agent-erreur", "Choisissez l'agent du service qui fera la visite.");

        var after = await RequestAsync(env, reference);
        Assert.Equal(RequestStatus.Received, after.Status);
        Assert.Equal(before.ServiceId, after.ServiceId);
        Assert.Equal(before.Events.Count, after.Events.Count);
        Assert.Null(after.ClosedAt);

        // What was typed stays in the form.
        var typed = await PostFormAsync(agent, page, "form[action*='handler=Transferer']", new Dictionary<string, string> { ["transfert.service"] = "", ["transfert.motif"] = "Relève de la voirie" });
        Assert.Equal("Relève de la voirie", (await Html.ParseAsync(typed)).QuerySelector("#transfert_motif")!.TextContent);

        // A transfer: the resident is told which service has the request now, never why; the agent no longer opens it.
        var voirie = (await agent.PageAsync(page)).QuerySelectorAll("#transfert_service option").Single(o => o.TextContent.StartsWith("Services techniques", StringComparison.Ordinal)).GetAttribute("value")!;
        var transferred = await PostFormAsync(agent, page, "form[action*='handler=Transferer']", new Dictionary<string, string> { ["transfert.service"] = voirie, ["transfert.motif"] = "MOTIF-INTERNE nid-de-poule" });
        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        Assert.Contains("Demande transmise au service Services techniques – voirie et éclairage.", (await Html.ParseAsync(transferred)).Text("[role=status]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(page)).StatusCode);
        var seen = await resident.PageAsync($"/mes-demandes/{reference}");
        Assert.Contains("transmise au service Services techniques – voirie et éclairage", seen.Text(".timeline"));
        Assert.DoesNotContain("MOTIF-INTERNE", seen.Text("main"));
    }

    /// <summary>Posts to a handler with a valid anti-forgery token taken from a page the person may open (the token is the person's, not the page's).</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(WebSession session, string url, string handler, string tokenPage = "/agents", Dictionary<string, string>? values = null)
    {
        var token = (await session.PageAsync(tokenPage)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = new Dictionary<string, string>(values ?? []) { ["__RequestVerificationToken"] = token };
        return await session.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a form whose input is refused: 400 and the French message next to its field. <paramref name="form"/> names a form on the page to borrow when the action's own is not shown.</summary>
    private static async Task RefusedAsync(WebSession agent, string page, string handler, Dictionary<string, string> values, string errorSelector, string message, string? form = null)
    {
        var response = form is null
            ? await PostFormAsync(agent, page, $"form[action*='handler={handler}']", values)
            : await PostWithTokenAsync(agent, page, handler, page, values);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.Contains(message, shown.Text(errorSelector));
        Assert.Contains(message, shown.Text(".error-summary"));
    }
}
