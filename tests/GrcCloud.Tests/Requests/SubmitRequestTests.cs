using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>A resident fills a theme's form, gets the legal acknowledgement on screen and by mail, and finds the request in "Mes demandes".</summary>
public sealed class SubmitRequestTests(PostgresFixture postgres)
{
    internal const string Form = "/demarches/rendez-vous-elu/formulaire";

    internal static async Task<Dictionary<string, string>> ValidAnswersAsync(WebSession session)
    {
        var page = await session.PageAsync(Form);
        var elected = page.QuerySelector("[name='f.elu']")!;
        var firstChoice = elected.TagName == "SELECT"
            ? elected.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!
            : elected.GetAttribute("value")!;
        return new Dictionary<string, string>
        {
            ["f.elu"] = firstChoice,
            ["f.sujet"] = "Stationnement rue Villeneuve",
            ["f.description"] = "Les voitures stationnent sur le trottoir <b>devant l'école</b>.",
            ["f.telephone"] = "05 63 00 00 00",
        };
    }

    [Fact]
    public async Task A_signed_in_resident_submits_once_and_gets_the_acknowledgement_on_screen_and_by_mail()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        Assert.StartsWith("/connexion?retour=", (await session.GetAsync(Form)).Headers.Location!.OriginalString);
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "lea@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "lea@exemple.fr");
        var answers = await ValidAnswersAsync(session);
        var formPage = await session.PageAsync(Form);
        env.Smtp.Clear(); // the account's confirmation mail went first

        var submitted = await session.SubmitAsync(formPage, new Uri(session.BaseAddress, Form), answers, "main form");
        var again = await session.SubmitAsync(formPage, new Uri(session.BaseAddress, Form), answers, "main form");

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var year = DateTime.UtcNow.Year;
        Assert.Equal($"/mes-demandes/LAV-{year}-000001/accuse-de-reception", submitted.Headers.Location!.OriginalString);
        Assert.Equal(submitted.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await CountRequestsAsync(env, "lavaur"));

        var acknowledgement = await session.PageAsync(submitted.Headers.Location!.OriginalString);
        var text = acknowledgement.Text("main");
        Assert.Contains($"LAV-{year}-000001", text);
        Assert.Contains("Date de réception", text);
        Assert.Contains("Cabinet du maire", text);
        Assert.Contains("Réponse prévue d'ici le", text);
        Assert.Contains("ne vaut pas engagement", text);
        Assert.Contains("Voies de recours", text);
        Assert.Contains("tribunal administratif", text);
        var acknowledgementMail = await env.Smtp.WaitForMessageToAsync("lea@exemple.fr", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains($"LAV-{year}-000001", acknowledgementMail.Subject);
        Assert.Contains("Cabinet du maire", acknowledgementMail.TextBody);

        var list = await session.PageAsync("/mes-demandes");
        Assert.Contains($"LAV-{year}-000001", list.Text("main"));
        var detail = await session.PageAsync($"/mes-demandes/LAV-{year}-000001");
        Assert.Contains("Demande reçue et transmise au service Cabinet du maire", detail.Text(".timeline"));
        Assert.Contains("délai est indicatif", detail.Text(".timeline")); // the automatic first reply, with the delay
        Assert.Contains($"(référence LAV-{year}-000001)", detail.Text(".timeline")); // its template's placeholders filled
        Assert.Contains("<b>devant l'école</b>", detail.Text("main")); // kept as text, shown escaped
        Assert.Empty(detail.QuerySelectorAll("main b"));

        using var stranger = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, stranger, "marc@exemple.fr");
        await ResidentAccountTests.SignInAsync(stranger, "marc@exemple.fr");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/mes-demandes/LAV-{year}-000001")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_answered_next_to_each_field_keeps_what_was_typed_and_stores_nothing()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "noe@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "noe@exemple.fr");
        var answers = await ValidAnswersAsync(session);
        answers["f.elu"] = "Un élu inventé";
        answers["f.sujet"] = new string('x', 5000);
        answers["f.telephone"] = "pas un numéro";
        answers["f.champ_invente"] = "forgé";

        var response = await session.SubmitAsync(Form, answers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.NotNull(page.QuerySelector(".error-summary"));
        Assert.Equal("true", page.QuerySelector("#f_telephone")!.GetAttribute("aria-invalid"));
        Assert.Equal("pas un numéro", page.QuerySelector("#f_telephone")!.GetAttribute("value"));
        Assert.Contains("devant l'école", page.QuerySelector("#f_description")!.TextContent);
        Assert.Equal(0, await CountRequestsAsync(env, "lavaur"));
    }

    [Fact]
    public async Task A_civil_status_theme_asks_for_franceconnect_and_a_theme_of_another_town_is_not_found()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "olga@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "olga@exemple.fr");

        var civil = await session.GetAsync("/demarches/acte-de-naissance/formulaire");
        Assert.Equal("/demarches/acte-de-naissance?franceconnect=requis", civil.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/demarches/theme-d-une-autre-commune/formulaire")).StatusCode);
    }

    [Fact]
    public async Task Only_the_agents_of_the_requests_service_and_the_supervisor_may_open_it_and_a_deleted_account_leaves_the_request()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, resident, "paula@exemple.fr");
        await ResidentAccountTests.SignInAsync(resident, "paula@exemple.fr");
        var submitted = await resident.SubmitAsync(Form, await ValidAnswersAsync(resident));
        var reference = submitted.Headers.Location!.OriginalString.Split('/')[2];

        using var supervisor = await AgentAsync(env, "cabinet@lavaur.example", "supervisor", null);
        using var voirie = await AgentAsync(env, "voirie@lavaur.example", "agent", "voirie");
        using var cabinet = await AgentAsync(env, "secretariat@lavaur.example", "agent", "cabinet-du-maire");

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/agents/demandes/{reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cabinet.GetAsync($"/agents/demandes/{reference}")).StatusCode);
        var refused = await voirie.GetAsync($"/agents/demandes/{reference}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.FollowAsync(await resident.GetAsync($"/agents/demandes/{reference}"))).StatusCode);

        await resident.SubmitAsync("/mon-compte", new Dictionary<string, string> { ["confirmDelete"] = "true", ["DeletePassword"] = "une phrase de passe solide" }, "form[action*='Delete']");
        Assert.Equal(1, await CountRequestsAsync(env, "lavaur"));
        Assert.Equal(HttpStatusCode.OK, (await cabinet.GetAsync($"/agents/demandes/{reference}")).StatusCode);
    }

    private static async Task<WebSession> AgentAsync(IdentityPlatform env, string email, string role, string? service)
    {
        var cli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "agents", "invite", "--slug", "lavaur", "--email", email, "--role", role);
        Assert.True(cli.ExitCode == 0, cli.Error);
        if (service is not null)
        {
            await using var scope = env.Platform.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == email);
            db.AgentServices.Add(new AgentServiceMembership { UserId = user.Id, ServiceId = (await db.Services.SingleAsync(s => s.Slug == service)).Id });
            await db.SaveChangesAsync();
        }
        var session = env.Session();
        await AgentAccountTests.AcceptInvitationAsync(env, session, email);
        return session;
    }

    private static async Task<int> CountRequestsAsync(IdentityPlatform env, string slug)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug(slug)!);
        return await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Requests.CountAsync();
    }
}
