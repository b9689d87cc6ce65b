using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>Located reports: open reports of the same theme within 50 m are offered before sending, and can be followed instead.</summary>
public sealed class DuplicateTests(PostgresFixture postgres)
{
    internal const string Pothole = "/demarches/nid-de-poule/formulaire";

    [Fact]
    public async Task A_report_near_an_open_one_offers_to_follow_it_and_a_far_one_is_sent_directly()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var first = await ResidentAsync(env, "wanda@exemple.fr");
        var sent = await first.SubmitAsync(Pothole, await AnswersAsync(first, "43.695000", "1.819000"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var reference = sent.Headers.Location!.OriginalString.Split('/')[2];

        using var second = await ResidentAsync(env, "xavier@exemple.fr");
        var nearAnswers = await AnswersAsync(second, "43.695150", "1.819100");
        var offered = await second.SubmitAsync(Pothole, nearAnswers);
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        var page = await Html.ParseAsync(offered);
        Assert.Contains("Ce problème a peut-être déjà été signalé", page.Text(".nearby h2"));
        Assert.Contains(reference, page.Text(".nearby"));
        Assert.Equal(1, await CountAsync(env));

        var followed = await second.SubmitAsync(page, new Uri(second.BaseAddress, Pothole), new Dictionary<string, string>(), ".nearby form");
        Assert.Equal($"/mes-demandes/{reference}", followed.Headers.Location!.OriginalString);
        Assert.Contains(reference, (await second.PageAsync("/mes-demandes")).Text("main"));
        var view = await second.PageAsync($"/mes-demandes/{reference}");
        Assert.Contains("Vous suivez ce signalement", view.Text("main"));
        Assert.DoesNotContain("12 rue de la République", view.Text("main")); // the reporter's answers stay theirs

        // The offered page kept what was typed and carries "send anyway": a second post creates the report.
        Assert.Equal("1", page.QuerySelector("main form.theme-form input[name='envoyer_quand_meme']")!.GetAttribute("value"));
        Assert.Equal("43.695150", page.QuerySelector("#f_localisation_lat")!.GetAttribute("value"));
        var anyway = await second.SubmitAsync(page, new Uri(second.BaseAddress, Pothole), nearAnswers, "main form.theme-form");
        Assert.Equal(HttpStatusCode.Redirect, anyway.StatusCode);
        Assert.Equal(2, await CountAsync(env));

        using var far = await ResidentAsync(env, "yves@exemple.fr");
        var direct = await far.SubmitAsync(Pothole, await AnswersAsync(far, "43.700000", "1.819000"));
        Assert.Equal(HttpStatusCode.Redirect, direct.StatusCode);
        Assert.Equal(3, await CountAsync(env));
    }

    private static async Task<WebSession> ResidentAsync(IdentityPlatform env, string email)
    {
        var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, email);
        await ResidentAccountTests.SignInAsync(session, email);
        return session;
    }

    internal static async Task<Dictionary<string, string>> AnswersAsync(WebSession session, string lat, string lon)
    {
        var page = await session.PageAsync(Pothole);
        var answers = new Dictionary<string, string>
        {
            ["f.localisation.lat"] = lat,
            ["f.localisation.lon"] = lon,
            ["f.adresse"] = "12 rue de la République",
        };
        foreach (var group in page.QuerySelectorAll("main form input[type=radio]").GroupBy(r => r.GetAttribute("name")!))
            answers[group.Key] = group.First().GetAttribute("value")!;
        foreach (var select in page.QuerySelectorAll("main form select"))
            answers[select.GetAttribute("name")!] = select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
        return answers;
    }

    private static async Task<int> CountAsync(IdentityPlatform env)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        return await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Requests.CountAsync();
    }
}
