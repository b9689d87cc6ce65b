using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using GrcCloud.Tests.Workflow;

namespace GrcCloud.Tests.Requests;

/// <summary>What the resident reads: the menu, why they must sign in, and texts that promise only what is true.</summary>
public sealed class ResidentWordingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_menu_offers_sign_in_to_a_visitor_and_my_requests_to_a_signed_in_resident()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var visitor = env.Session();
        var links = (await visitor.PageAsync("/")).QuerySelectorAll(".account-nav a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        Assert.Contains(("Se connecter", "/connexion"), links);
        Assert.Contains(("Créer un compte", "/inscription"), links);
        Assert.DoesNotContain(links, l => l.Item1 == "Mes demandes");

        using var resident = await WorkflowPeople.ResidentAsync(env, "ines@exemple.fr", "Inès Martin");
        var signedIn = (await resident.PageAsync("/")).QuerySelectorAll(".account-nav a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        Assert.Contains(("Mes demandes", "/mes-demandes"), signedIn);
        Assert.Contains(("Mon compte", "/mon-compte"), signedIn);
        Assert.DoesNotContain(signedIn, l => l.Item1 == "Se connecter");
    }

    [Fact]
    public async Task A_visitor_sent_to_sign_in_from_a_theme_is_told_why_and_one_who_came_alone_is_not()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var visitor = env.Session();

        var sent = await Html.ParseAsync(await visitor.FollowAsync(await visitor.GetAsync(SubmitRequestTests.Form)));
        var direct = await visitor.PageAsync("/connexion");

        Assert.Equal("Se connecter", sent.Text("h1"));
        Assert.Contains("Pour faire cette démarche, connectez-vous ou créez un compte", sent.Text(".sign-in-reason"));
        Assert.Null(direct.QuerySelector(".sign-in-reason"));
    }

    [Fact]
    public async Task The_acknowledgement_of_a_report_tells_how_to_reach_the_service_and_nothing_about_contesting_a_decision()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await WorkflowPeople.ResidentAsync(env, "jules@exemple.fr", "Jules Blanc");
        env.Smtp.Clear();

        var reference = await LiveQueueTests.SubmitAsync(resident, "rue-sale", new() { ["f.adresse"] = "Place du Plô", ["f.probleme"] = "Corbeille pleine" });

        var acknowledgement = (await resident.PageAsync($"/mes-demandes/{reference}/accuse-de-reception")).Text("main");
        Assert.Contains("Pour toute question", acknowledgement);
        Assert.Contains($"Contactez le service Espaces verts et propreté en rappelant le numéro {reference}", acknowledgement);
        Assert.DoesNotContain("Voies de recours", acknowledgement);
        Assert.DoesNotContain("contester", acknowledgement);
        Assert.DoesNotContain("tribunal", acknowledgement);
        var mail = await env.Smtp.WaitForMessageToAsync("jules@exemple.fr", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("lorsqu'une décision doit être prise, voies et délais de recours", mail.TextBody);
    }

    [Fact]
    public async Task The_automatic_first_reply_says_the_request_was_received_not_that_someone_took_it()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await WorkflowPeople.ResidentAsync(env, "lina@exemple.fr", "Lina Petit");

        var reference = await WorkflowPeople.SubmitAsync(resident);

        var timeline = (await resident.PageAsync($"/mes-demandes/{reference}")).Text(".timeline");
        Assert.Contains($"(référence {reference}) a bien été reçue et transmise au service compétent", timeline);
        Assert.DoesNotContain("prise en charge", timeline);
    }
}
