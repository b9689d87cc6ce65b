using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using GrcCloud.Tests.Domain;

namespace GrcCloud.Tests.Queues;

/// <summary>The agents' queues over HTTP: tabs and counts, filters, search, paging, the agent's services only, the town only.</summary>
public sealed class QueueTests(PostgresFixture postgres)
{
    private static readonly int Year = DateTime.UtcNow.Year;

    [Fact]
    public async Task An_agent_sees_the_queues_of_their_service_only_with_counts_filters_search_and_pages()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var platform = env.Platform;
        using var paul = await BackOffice.AgentAsync(platform, "lavaur", "paul@lavaur.example", AgentRoles.Agent, "voirie");
        var paulId = await platform.InTownAsync("lavaur", async sp =>
            (await sp.GetRequiredService<TenantDbContext>().Users.SingleAsync(u => u.Email == "paul@lavaur.example")).Id);
        // The town's day (Paris), as the queue reads dates: around midnight it is not the UTC day.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        await BackOffice.RequestAsync(platform, "lavaur", "lampadaire-en-panne", Ref(100001), r =>
        {
            r.ContactName = "Jeanne Dupont";
            r.Answers = [new RequestAnswer("nature_panne", "Nature de la panne", "choice", ["Mât endommagé ou penché"])];
        });
        await BackOffice.RequestAsync(platform, "lavaur", "nid-de-poule", Ref(100002), r =>
        {
            r.AssignedToId = paulId;
            r.AssignedToName = "Paul Agent";
            r.Channel = RequestChannel.Phone;
            r.Reached(RequestStatus.InProgress);
            r.DueOn = today.AddDays(-3);
        });
        await BackOffice.RequestAsync(platform, "lavaur", "rue-sale", Ref(100003), r => r.ContactName = "Jeanne Dupont");
        await BackOffice.RequestAsync(platform, "lavaur", "lampadaire-en-panne", Ref(100004), r => r.Reached(RequestStatus.AwaitingValidation));
        for (var i = 0; i < 60; i++)
            await BackOffice.RequestAsync(platform, "lavaur", "lampadaire-en-panne", Ref(200000 + i), r => r.ReceivedAt = DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(-i));
        await BackOffice.RequestAsync(platform, "gaillac", "lampadaire-en-panne", $"GAI-{Year}-100001", r => r.ContactName = "Jeanne Dupont");

        var all = await paul.PageAsync("/agents/file?onglet=toutes");
        Assert.Equal("Toutes : 63 demandes, page 1 sur 2", all.Text("caption"));
        Assert.Equal(["Mes demandes (1)", "Non attribuées (62)", "En retard (1)", "À valider (1)", "Toutes (63)"],
            all.QuerySelectorAll(".queue-tabs a").Select(a => a.TextContent.Trim()).ToArray());
        Assert.Equal(50, all.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(Ref(100004), all.QuerySelector("tbody tr th a")!.TextContent); // newest first
        Assert.Equal($"/agents/demandes/{Ref(100004)}", all.QuerySelector("tbody tr th a")!.GetAttribute("href"));
        Assert.DoesNotContain(Ref(100003), all.Text("main"));
        Assert.DoesNotContain("GAI-", all.Text("main"));
        var next = all.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await paul.PageAsync(next);
        Assert.Equal(13, second.QuerySelectorAll("tbody tr").Length);
        Assert.Equal("Toutes : 63 demandes, page 2 sur 2", second.Text("caption"));

        var mine = await paul.PageAsync("/agents/file");
        Assert.Equal([Ref(100002)], References(mine));
        Assert.Contains("en retard", mine.Text("tbody"));
        Assert.Equal([Ref(100002)], References(await paul.PageAsync("/agents/file?onglet=en-retard")));
        Assert.Equal([Ref(100004)], References(await paul.PageAsync("/agents/file?onglet=a-valider")));

        Assert.Equal([Ref(100001)], References(await paul.PageAsync("/agents/file?onglet=toutes&q=dupont")));
        Assert.Equal([Ref(100001)], References(await paul.PageAsync("/agents/file?onglet=toutes&q=penché")));
        Assert.Equal([Ref(100004), Ref(100002), Ref(100001)], References(await paul.PageAsync($"/agents/file?onglet=toutes&q=lav-{Year}-1000")));
        Assert.Equal([Ref(100002)], References(await paul.PageAsync("/agents/file?onglet=toutes&q=100002")));
        Assert.Equal([Ref(100002)], References(await paul.PageAsync("/agents/file?onglet=toutes&canal=Phone")));
        Assert.Equal([Ref(100004)], References(await paul.PageAsync("/agents/file?onglet=toutes&statut=AwaitingValidation")));
        Assert.Equal([Ref(100002)], References(await paul.PageAsync($"/agents/file?onglet=toutes&echeance={today.AddDays(-1):yyyy-MM-dd}")));
        Assert.StartsWith("Toutes : 60 demandes", (await paul.PageAsync($"/agents/file?onglet=toutes&au={today.AddDays(-1):yyyy-MM-dd}")).Text("caption"));
        var byDue = await paul.PageAsync("/agents/file?onglet=toutes&tri=echeance");
        Assert.Equal(Ref(100002), References(byDue)[0]);

        var bad = await paul.GetAsync("/agents/file?onglet=toutes&du=31/02/2026&statut=Inconnu");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await Html.ParseAsync(bad);
        Assert.Contains("doit être une date qui existe", badPage.Text(".error-summary"));
        Assert.Contains("Choisissez un statut de la liste", badPage.Text(".error-summary"));
        Assert.Contains("doit être une date qui existe", badPage.Text("#filtre-du-erreur"));
        Assert.Contains("Toutes : 63 demandes", badPage.Text("caption")); // the bad filters are ignored

        // Another service's request is no row for the live script either.
        Assert.Equal(HttpStatusCode.NotFound, (await paul.GetAsync($"/agents/file?handler=Ligne&reference={Ref(100003)}")).StatusCode);
        var row = await paul.GetAsync($"/agents/file?onglet=toutes&handler=Ligne&reference={Ref(100001)}");
        Assert.Equal("1", row.Headers.GetValues("X-Queue-Match").Single());
        Assert.Contains("Jeanne Dupont", await row.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("0", (await paul.GetAsync($"/agents/file?handler=Ligne&reference={Ref(100001)}")).Headers.GetValues("X-Queue-Match").Single());

        // The tabs' counts for the live script: the page's own, and those of a filtered view.
        var counts = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(
            await (await paul.GetAsync("/agents/file?handler=Compteurs")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var tabs = (await paul.PageAsync("/agents/file")).QuerySelectorAll(".queue-tabs [data-count]")
            .ToDictionary(s => s.GetAttribute("data-count")!, s => int.Parse(s.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(tabs, counts);
        Assert.Equal(62, counts["non-attribuees"]);
        var byPhone = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(
            await (await paul.GetAsync("/agents/file?handler=Compteurs&canal=Phone")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(1, byPhone["toutes"]);

        var home = await paul.PageAsync("/agents");
        Assert.Contains("Non attribuées : 62 demandes", home.Text(".queue-counts"));
        Assert.Contains("Services techniques – voirie et éclairage", home.Text("table"));
    }

    [Fact]
    public async Task The_supervisor_sees_every_service_of_the_town_and_never_another_towns_requests()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var platform = env.Platform;
        await BackOffice.RequestAsync(platform, "lavaur", "lampadaire-en-panne", Ref(100001));
        await BackOffice.RequestAsync(platform, "lavaur", "rue-sale", Ref(100002), r => r.ContactName = "Marc Lavaur");
        await BackOffice.RequestAsync(platform, "gaillac", "rue-sale", $"GAI-{Year}-100001", r => r.ContactName = "Marc Gaillac");
        using var supervisor = await BackOffice.AgentAsync(platform, "lavaur", "maire@lavaur.example", AgentRoles.Supervisor);
        using var gaillac = await BackOffice.AgentAsync(platform, "gaillac", "maire@gaillac.example", AgentRoles.Supervisor);

        var all = await supervisor.PageAsync("/agents/file?onglet=toutes");
        Assert.Equal([Ref(100002), Ref(100001)], References(all));
        var cleaning = all.QuerySelectorAll("#filtre-service option").Single(o => o.TextContent == "Espaces verts et propreté").GetAttribute("value");
        Assert.Equal([Ref(100002)], References(await supervisor.PageAsync($"/agents/file?onglet=toutes&service={cleaning}")));
        Assert.Empty(References(await supervisor.PageAsync("/agents/file?onglet=toutes&q=gaillac")));
        Assert.Equal([$"GAI-{Year}-100001"], References(await gaillac.PageAsync("/agents/file?onglet=toutes")));
        Assert.Equal(HttpStatusCode.NotFound, (await gaillac.GetAsync($"/agents/file?handler=Ligne&reference={Ref(100002)}")).StatusCode);

        // Lavaur's session presented on Gaillac's host opens nothing there.
        using var replay = env.Session("gaillac.localhost");
        replay.Cookies.Add(replay.BaseAddress, new Cookie("grc_session", supervisor.Cookies.GetCookies(supervisor.BaseAddress)["grc_session"]!.Value));
        Assert.NotEqual(HttpStatusCode.OK, (await replay.GetAsync("/agents/file?onglet=toutes")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await replay.GetAsync("/agents/flux")).StatusCode);
    }

    internal static string Ref(int number) => $"LAV-{Year}-{number:D6}";

    private static string[] References(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll("tbody tr th a").Select(a => a.TextContent)];
}
