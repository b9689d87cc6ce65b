using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>A place given on a map must be in the town's commune: on the portal's form and at the counter.</summary>
public sealed class CommuneAreaTests(PostgresFixture postgres)
{
    private const string Pothole = "/demarches/nid-de-poule/formulaire";
    // Lyon, about 350 km from Lavaur.
    private const string FarLat = "45.764043", FarLon = "4.835659";

    [Fact]
    public async Task A_point_350_km_away_is_refused_next_to_the_map_and_a_point_in_the_commune_is_accepted()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "marius@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "marius@exemple.fr");

        var far = await session.SubmitAsync(Pothole, await AnswersAsync(session, FarLat, FarLon));

        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        var page = await Html.ParseAsync(far);
        Assert.Contains("Ce lieu est hors de la commune de Lavaur", page.Text("#f_localisation_lat-erreur"));
        Assert.Equal(FarLat, page.QuerySelector("#f_localisation_lat")!.GetAttribute("value"));
        Assert.Equal(0, await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.CountAsync()));

        var near = await session.SubmitAsync(Pothole, await AnswersAsync(session, "43.698900", "1.818700"));
        Assert.Equal(HttpStatusCode.Redirect, near.StatusCode);
    }

    [Fact]
    public async Task The_counter_refuses_a_point_outside_the_commune_too()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var agent = await BackOffice.AgentAsync(env.Platform, "lavaur", "accueil@lavaur.example", AgentRoles.Agent, "cabinet-du-maire");
        const string url = "/agents/saisie?theme=lampadaire-en-panne&canal=Counter";
        var form = await agent.PageAsync(url);

        var refused = await agent.SubmitAsync(form, new Uri(agent.BaseAddress, url), new Dictionary<string, string>
        {
            ["habitant"] = "sans-compte", ["contact.nom"] = "Rose Blanc", ["f.adresse"] = "Rue Villeneuve", ["f.nature_panne"] = "Clignote",
            ["f.nombre_lampadaires"] = "1", ["f.localisation.lat"] = FarLat, ["f.localisation.lon"] = FarLon,
        }, "form.counter-form");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Ce lieu est hors de la commune de Lavaur", (await Html.ParseAsync(refused)).Text("#f_localisation_lat-erreur"));
    }

    private static async Task<Dictionary<string, string>> AnswersAsync(WebSession session, string lat, string lon)
    {
        var page = await session.PageAsync(Pothole);
        var answers = new Dictionary<string, string> { ["f.localisation.lat"] = lat, ["f.localisation.lon"] = lon, ["f.adresse"] = "12 rue de la République" };
        foreach (var group in page.QuerySelectorAll("main form input[type=radio]").GroupBy(r => r.GetAttribute("name")!))
            answers[group.Key] = group.First().GetAttribute("value")!;
        foreach (var select in page.QuerySelectorAll("main form select"))
            answers[select.GetAttribute("name")!] = select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
        return answers;
    }
}
