using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Counter;

/// <summary>Requests taken for a resident at the counter, by phone, letter or e-mail: the channel is recorded, the acknowledgement mailed when an address is given.</summary>
public sealed class CounterEntryTests(PostgresFixture postgres)
{
    private const string StreetLight = "/agents/saisie?theme=lampadaire-en-panne";

    private static readonly Dictionary<string, string> Answers = new()
    {
        ["f.adresse"] = "Rue Villeneuve, devant le numéro 12",
        ["f.nature_panne"] = "Clignote",
        ["f.nombre_lampadaires"] = "2",
    };

    [Fact]
    public async Task A_phone_call_from_a_resident_with_an_account_is_recorded_for_that_account_and_acknowledged_by_mail()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var jeanne = await BackOffice.ResidentAsync(env.Platform, "lavaur", "jeanne@exemple.fr", "Jeanne", "Dupont", "0563000000");
        await BackOffice.ResidentAsync(env.Platform, "gaillac", "jeanne.g@exemple.fr", "Jeanne", "Dupont");
        using var agent = await BackOffice.AgentAsync(env.Platform, "lavaur", "accueil@lavaur.example", AgentRoles.Agent, "cabinet-du-maire");

        var url = StreetLight + "&canal=Phone&recherche=dupont";
        var page = await agent.PageAsync(url);
        var found = page.QuerySelectorAll("input[name=habitant]").Select(i => i.NextElementSibling!.TextContent).ToList();
        Assert.Equal(["Jeanne Dupont – jeanne@exemple.fr", "Personne sans compte : saisir ses coordonnées"], found); // not Gaillac's Jeanne

        var values = new Dictionary<string, string>(Answers) { ["habitant"] = jeanne.ToString() };
        var saved = await agent.SubmitAsync(page, new Uri(agent.BaseAddress, url), values, "form.counter-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var reference = saved.Headers.Location!.OriginalString.Split('/')[3];
        var receipt = await agent.PageAsync(saved.Headers.Location.OriginalString);
        Assert.Contains($"Demande enregistrée sous le numéro {reference}", receipt.Text("main"));
        Assert.Contains("par téléphone", receipt.Text("main"));
        Assert.Contains("Clignote", receipt.Text("main"));
        Assert.Contains("envoyés par courriel à jeanne@exemple.fr", receipt.Text("main"));

        var mail = await env.Smtp.WaitForMessageToAsync("jeanne@exemple.fr", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains(reference, mail.Subject);
        var request = await RequestAsync(env, reference);
        Assert.Equal(RequestChannel.Phone, request.Channel);
        Assert.Equal(jeanne, request.ResidentId);
        Assert.Equal("Jeanne Dupont", request.ContactName);
        Assert.Contains(request.Events, e => e.Kind == RequestEventKind.CounterEntry && !e.IsPublic && e.Text.Contains("par téléphone par Accueil Agent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_without_account_is_entered_with_a_contact_mailed_when_an_address_is_given()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var agent = await BackOffice.AgentAsync(env.Platform, "lavaur", "accueil@lavaur.example", AgentRoles.Agent, "cabinet-du-maire");

        var withMail = await EnterAsync(agent, "Counter", new() { ["contact.nom"] = "Louis Martin", ["contact.courriel"] = "louis@exemple.fr" });
        var mail = await env.Smtp.WaitForMessageToAsync("louis@exemple.fr", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains(withMail, mail.Subject);
        var first = await RequestAsync(env, withMail);
        Assert.Equal((RequestChannel.Counter, (Guid?)null, "Louis Martin"), (first.Channel, first.ResidentId, first.ContactName));

        // Without an account, the mail carries a personal tracking link: public progress only, this town only.
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody, @"https?://\S+/suivi/\S+").Value);
        using var anonymous = env.Session();
        var tracking = await anonymous.PageAsync(link.PathAndQuery);
        Assert.Contains(withMail, tracking.Text("main"));
        Assert.Contains("Date de réception", tracking.Text(".facts")); // the acknowledgement's legal facts, as for a resident
        // A street light out is a report: no decision follows it, so no appeal routes, only how to reach the service.
        Assert.Contains("Pour toute question", tracking.Text(".facts"));
        Assert.DoesNotContain("Voies de recours", tracking.Text(".facts"));
        Assert.Contains("Demande reçue et transmise au service", tracking.Text(".timeline"));
        Assert.DoesNotContain("saisie", tracking.Text(".timeline")); // the agents' internal entry stays internal
        Assert.Equal(HttpStatusCode.NotFound, (await env.Session("gaillac.localhost").GetAsync(link.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(link.AbsolutePath[..^3] + "AAA")).StatusCode);

        env.Smtp.Clear();
        var byLetter = await EnterAsync(agent, "Letter", new() { ["contact.nom"] = "Rose Blanc", ["contact.telephone"] = "05 63 11 22 33" });
        var second = await RequestAsync(env, byLetter);
        Assert.Equal((RequestChannel.Letter, "0563112233", (string?)null), (second.Channel, second.ContactPhone, second.ContactEmail));
        Assert.Contains("Aucune adresse électronique", (await agent.PageAsync($"/agents/saisie/{byLetter}")).Text("main"));
        // The request's mail job done with (both requests'), nothing went out.
        await env.Platform.WaitForJobsAsync(nameof(GrcCloud.Host.Features.Notifications.Jobs.TownJobs.MailNewRequestAsync), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(env.Smtp.Messages);

        // The receipt opens to the agent who took it, not to an agent of another service.
        using var other = await BackOffice.AgentAsync(env.Platform, "lavaur", "cimetiere@lavaur.example", AgentRoles.Agent, "cimetiere");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/agents/saisie/{byLetter}")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_answered_next_to_each_field_and_stores_nothing()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var foreigner = await BackOffice.ResidentAsync(env.Platform, "gaillac", "gilles@exemple.fr", "Gilles", "Gaillacois");
        using var agent = await BackOffice.AgentAsync(env.Platform, "lavaur", "accueil@lavaur.example", AgentRoles.Agent, "cabinet-du-maire");

        var choice = await agent.GetAsync("/agents/saisie?theme=theme-invente&canal=Online");
        Assert.Equal(HttpStatusCode.BadRequest, choice.StatusCode);
        var choicePage = await Html.ParseAsync(choice);
        Assert.Contains("Choisissez une démarche de la liste", choicePage.Text("#theme-erreur"));
        Assert.Contains("Choisissez comment la demande a été reçue", choicePage.Text("#canal-erreur"));

        var url = StreetLight + "&canal=Counter";
        var form = await agent.PageAsync(url);
        var noContact = await agent.SubmitAsync(form, new Uri(agent.BaseAddress, url), new Dictionary<string, string>
        {
            ["habitant"] = "sans-compte", ["contact.courriel"] = "pas une adresse", ["contact.telephone"] = "12", ["f.nombre_lampadaires"] = "500",
        }, "form.counter-form");
        Assert.Equal(HttpStatusCode.BadRequest, noContact.StatusCode);
        var page = await Html.ParseAsync(noContact);
        Assert.Contains("Indiquez le nom de la personne", page.Text("#contact_nom-erreur"));
        Assert.Contains("adresse e-mail valide", page.Text("#contact_courriel-erreur"));
        Assert.Contains("numéro de téléphone", page.Text("#contact_telephone-erreur"));
        Assert.Contains("compris entre 1 et 50", page.Text("#f_nombre_lampadaires-erreur"));
        Assert.Contains("Adresse la plus proche", page.Text(".error-summary"));
        Assert.Equal("pas une adresse", page.QuerySelector("#contact_courriel")!.GetAttribute("value"));
        Assert.Equal("500", page.QuerySelector("#f_nombre_lampadaires")!.GetAttribute("value"));

        var foreign = await agent.SubmitAsync(form, new Uri(agent.BaseAddress, url), new Dictionary<string, string>(Answers) { ["habitant"] = foreigner.ToString() }, "form.counter-form");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("Ce compte n'existe pas dans la commune", (await Html.ParseAsync(foreign)).Text("#habitant-erreur"));
        Assert.Equal(0, await env.Platform.InTownAsync("lavaur", sp => sp.GetRequiredService<TenantDbContext>().Requests.CountAsync()));

        using var readOnly = await BackOffice.AgentAsync(env.Platform, "lavaur", "lecture@lavaur.example", AgentRoles.ReadOnly, "voirie");
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.FollowAsync(await readOnly.GetAsync("/agents/saisie"))).StatusCode);
    }

    private static async Task<string> EnterAsync(WebSession agent, string channel, Dictionary<string, string> contact)
    {
        var url = StreetLight + "&canal=" + channel;
        var values = new Dictionary<string, string>(Answers) { ["habitant"] = "sans-compte" };
        foreach (var (key, value) in contact)
            values[key] = value;
        var saved = await agent.SubmitAsync(url, values, "form.counter-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return saved.Headers.Location!.OriginalString.Split('/')[3];
    }

    private static Task<ServiceRequest> RequestAsync(IdentityPlatform env, string reference) =>
        env.Platform.InTownAsync("lavaur", sp => sp.GetRequiredService<TenantDbContext>().Requests.AsNoTracking()
            .Include(r => r.Events).SingleAsync(r => r.Reference == reference));
}
