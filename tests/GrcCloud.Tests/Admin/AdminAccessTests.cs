using System.Net;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Admin;

/// <summary>The administration pages are the supervisor's, and the supervisor's of this town only.</summary>
public sealed class AdminAccessTests(AdminFixture town) : IClassFixture<AdminFixture>
{
    public static readonly TheoryData<string> Pages =
    [
        "/agents/catalogue",
        "/agents/catalogue/familles/voirie-proprete-cadre-de-vie",
        "/agents/catalogue/themes",
        "/agents/catalogue/themes/nid-de-poule",
        "/agents/catalogue/themes/nid-de-poule/formulaire",
        "/agents/catalogue/services",
        "/agents/catalogue/services/voirie",
        "/agents/catalogue/commune",
        "/agents/catalogue/reponses",
        "/agents/catalogue/courriels",
        "/agents/catalogue/courriels?cle=acknowledgement",
        "/agents/journal",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_opens_for_the_supervisor_and_is_refused_to_an_agent_and_to_a_resident(string url)
    {
        var page = await town.Supervisor.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull((await Html.ParseAsync(page)).QuerySelector("main h1"));

        Assert.Equal(HttpStatusCode.Forbidden, (await town.Agent.FollowAsync(await town.Agent.GetAsync(url))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.Resident.FollowAsync(await town.Resident.GetAsync(url))).StatusCode);
        using var anonymous = town.Env.Session();
        Assert.StartsWith("/agents/connexion", (await anonymous.GetAsync(url)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Another_towns_supervisor_neither_sees_nor_changes_this_towns_catalogue_or_journal()
    {
        await town.Supervisor.EditAsync("/agents/catalogue/themes/nid-de-poule", new Dictionary<string, string?> { ["Input.Title"] = "Signaler un trou dans la chaussée de Lavaur" });
        var lavaurService = (await town.Supervisor.PageAsync("/agents/catalogue/themes/nid-de-poule")).OptionValue("Input.ServiceId", "voirie");

        // Gaillac's own pages show Gaillac's catalogue and journal only.
        var gaillacCatalogue = await town.GaillacSupervisor.PageAsync("/agents/catalogue");
        Assert.Contains("Signaler un nid-de-poule", gaillacCatalogue.Text("main"));
        Assert.DoesNotContain("de Lavaur", gaillacCatalogue.Text("main"));
        Assert.DoesNotContain("de Lavaur", (await town.GaillacSupervisor.PageAsync("/agents/journal")).Text("main"));

        // A service id of Lavaur forged into Gaillac's theme form is refused next to the field.
        var forged = await town.GaillacSupervisor.EditAsync("/agents/catalogue/themes/nid-de-poule", new Dictionary<string, string?>
        {
            ["Input.ServiceId"] = lavaurService,
            ["Input.Title"] = "Titre qui ne doit pas être enregistré",
        });
        Assert.Contains("Choisissez un service de la liste.", forged.Text("#Input_ServiceId-erreur"));
        Assert.DoesNotContain("Titre qui ne doit pas", (await town.GaillacSupervisor.PageAsync("/agents/catalogue")).Text("main"));

        // Gaillac's session cookie presented at Lavaur's host opens nothing there.
        var cookie = town.GaillacSupervisor.Cookies.GetCookies(town.GaillacSupervisor.BaseAddress)["grc_session"]!;
        using var stolen = town.Env.Session("lavaur.localhost");
        stolen.Cookies.Add(stolen.BaseAddress, new Cookie("grc_session", cookie.Value));
        foreach (var url in new[] { "/agents/catalogue", "/agents/journal" })
            Assert.NotEqual(HttpStatusCode.OK, (await stolen.GetAsync(url)).StatusCode);
    }
}
