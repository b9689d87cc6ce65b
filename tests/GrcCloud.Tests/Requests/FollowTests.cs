using System.Net;
using AngleSharp.Dom;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Tests.Workflow.WorkflowPeople;

namespace GrcCloud.Tests.Requests;

/// <summary>
/// Following another resident's report: only one the duplicate search offered to this resident, open
/// and located; and the follower's page, live stream and mails never carry the reporter's name, words
/// or files.
/// </summary>
public sealed class FollowTests(PostgresFixture postgres)
{
    private const string Pothole = DuplicateTests.Pothole;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_resident_follows_only_an_open_report_the_duplicate_search_offered_to_them()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var reporter = await ResidentAsync(env, "rose@exemple.fr", "Rose Lambert");
        var offered = await ReportAsync(reporter, "43.695000", "1.819000");
        var guessed = await ReportAsync(reporter, "43.710000", "1.830000");
        using var hugo = await ResidentAsync(env, "hugo@exemple.fr", "Hugo Martin");
        using var ines = await ResidentAsync(env, "ines@exemple.fr", "Inès Moreau");

        // A sequential reference posted without an offer, as the old form did, follows nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await PostFollowAsync(hugo, new() { ["reference"] = guessed })).StatusCode);
        // An offer is the resident's own: Inès cannot use the one Hugo was given.
        var offer = await OfferAsync(hugo, "43.695150", "1.819100", offered);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFollowAsync(ines, new() { ["offre"] = offer })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFollowAsync(hugo, new() { ["offre"] = offer + "x" })).StatusCode);
        Assert.Equal(0, await InTownAsync(env, db => db.RequestFollowers.CountAsync(Ct)));

        var followed = await PostFollowAsync(hugo, new() { ["offre"] = offer });
        Assert.Equal($"/mes-demandes/{offered}", followed.Headers.Location?.OriginalString);
        Assert.Contains(offered, (await hugo.PageAsync("/mes-demandes")).Text("main"));
        Assert.DoesNotContain(guessed, (await hugo.PageAsync("/mes-demandes")).Text("main"));
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/mes-demandes/{guessed}")).StatusCode);

        // Offered, then closed before the follow: refused in French, nothing recorded.
        var closing = await ReportAsync(reporter, "43.720000", "1.840000");
        var closingOffer = await OfferAsync(ines, "43.720100", "1.840100", closing);
        await InTownAsync(env, db => db.Requests.Where(r => r.Reference == closing).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RequestStatus.Closed), Ct));
        var refused = await PostFollowAsync(ines, new() { ["offre"] = closingOffer });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"Le signalement {closing} vient d'être traité : il ne peut plus être suivi.", (await Html.ParseAsync(refused)).Text("[role=alert]"));
        Assert.Equal(1, await InTownAsync(env, db => db.RequestFollowers.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_follower_never_sees_nor_is_mailed_the_reporters_name_words_or_files()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var reporter = await ResidentAsync(env, "rose@exemple.fr", "Rose Lambert");
        var reference = await ReportAsync(reporter, "43.695000", "1.819000");
        await PostFormAsync(reporter, $"/mes-demandes/{reference}", "form[action*='handler=Message']",
            new Dictionary<string, string> { ["message.texte"] = "MOTS-DE-ROSE ma voiture est abîmée" }, ("message.fichiers", "facture-rose.pdf", "application/pdf", Pdf));
        using var hugo = await ResidentAsync(env, "hugo@exemple.fr", "Hugo Martin");
        var followed = await PostFollowAsync(hugo, new() { ["offre"] = await OfferAsync(hugo, "43.695150", "1.819100", reference) });
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);

        var before = await hugo.PageAsync($"/mes-demandes/{reference}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(40));
        using var stream = await hugo.OpenStreamAsync(before.QuerySelector("[data-suivi]")!.GetAttribute("data-suivi")!, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        // The agent's texts, from reply templates, name the reporter and quote her.
        using var agent = await AgentAsync(env, "paul@lavaur.example", "Paul Voirie", AgentRoles.Agent, "voirie");
        var page = $"/agents/demandes/{reference}";
        await Workflow.RequestLifeCycleTests.ActAsync(agent, page, "Information", new() { ["information.message"] = "Madame Rose Lambert, le trou est-il devant chez vous ?" });
        await PostFormAsync(reporter, $"/mes-demandes/{reference}", "form[action*='handler=Message']", new Dictionary<string, string> { ["message.texte"] = "MOTS-DE-ROSE oui, devant le 12" });
        await Workflow.RequestLifeCycleTests.ActAsync(agent, page, "Repondre", new() { ["reponse.issue"] = "traitee", ["reponse.texte"] = "Bonjour Rose Lambert, le trou devant chez vous est rebouché." });

        var heard = new List<string>();
        while (!heard.Any(l => l.Contains("traité par le service", StringComparison.Ordinal)))
            heard.Add(WebUtility.HtmlDecode(await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException()));
        var mail = await env.Smtp.WaitForMessageAsync(m => m.To.Contains("hugo@exemple.fr") && m.TextBody.Contains("traité par le service", StringComparison.Ordinal),
            "le courriel de fin à Hugo", TimeSpan.FromSeconds(30), Ct);
        Assert.Contains("Le signalement a été traité par le service.", mail.TextBody);
        Assert.Contains($"/mes-demandes/{reference}", mail.TextBody);
        var toReporter = await env.Smtp.WaitForMessageToAsync("rose@exemple.fr", "traitement terminé", TimeSpan.FromSeconds(30), Ct);
        Assert.Contains("Bonjour Rose Lambert, le trou devant chez vous est rebouché.", toReporter.TextBody); // the reporter's text is unchanged

        var after = await hugo.PageAsync($"/mes-demandes/{reference}");
        Assert.Contains("Le signalement a été traité par le service.", after.Text(".timeline"));
        Assert.Contains("Le service a demandé une précision à l'auteur du signalement.", after.Text(".timeline"));
        var seen = new[] { after.Text("main"), string.Join('\n', heard) }
            .Concat(env.Smtp.Messages.Where(m => m.To.Contains("hugo@exemple.fr")).Select(m => m.Subject + "\n" + m.TextBody));
        foreach (var text in seen)
        {
            foreach (var secret in new[] { "Rose", "Lambert", "MOTS-DE-ROSE", "facture-rose", "devant chez vous", "12 rue de la République", "/suivi/" })
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/mes-demandes/{reference}/accuse-de-reception")).StatusCode);
        var file = await InTownAsync(env, db => db.RequestAttachments.Where(a => a.FileName == "facture-rose.pdf").Select(a => a.Id).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/mes-demandes/{reference}/pieces/{file}")).StatusCode);
    }

    /// <summary>A located pothole report sent directly (nothing open nearby), its reference returned.</summary>
    private static async Task<string> ReportAsync(WebSession resident, string lat, string lon)
    {
        var sent = await resident.SubmitAsync(Pothole, await DuplicateTests.AnswersAsync(resident, lat, lon));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return sent.Headers.Location!.OriginalString.Split('/')[2];
    }

    /// <summary>The offer the duplicate search makes to <paramref name="resident"/> for <paramref name="reference"/>, read from the page.</summary>
    private static async Task<string> OfferAsync(WebSession resident, string lat, string lon, string reference)
    {
        var page = await Html.ParseAsync(await resident.SubmitAsync(Pothole, await DuplicateTests.AnswersAsync(resident, lat, lon)));
        var item = page.QuerySelectorAll(".nearby li").Single(li => li.TextContent.Contains(reference, StringComparison.Ordinal));
        return item.QuerySelector("input[name=offre]")!.GetAttribute("value")!;
    }

    /// <summary>Posts the follow handler with the anti-forgery token of the resident's form page and the given fields.</summary>
    private static async Task<HttpResponseMessage> PostFollowAsync(WebSession resident, Dictionary<string, string> fields)
    {
        var token = (await resident.PageAsync(Pothole)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await resident.PostAsync($"{Pothole}?handler=Suivre", new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
    }
}
