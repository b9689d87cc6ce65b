using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Identity;

/// <summary>No page tells whether an address has an account: sign-up, sign-in and reset answer alike, and the mail says the rest.</summary>
public sealed class AccountDiscoveryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Signing_up_with_an_address_that_has_an_account_answers_as_for_a_new_one_and_mails_its_owner()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var owner = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, owner, "paule@exemple.fr");
        env.Smtp.Clear();

        using var stranger = env.Session();
        var again = await stranger.SubmitAsync("/inscription", ResidentAccountTests.SignUpForm("paule@exemple.fr", "un autre mot de passe"));
        var fresh = await stranger.SubmitAsync("/inscription", ResidentAccountTests.SignUpForm("nouvelle@exemple.fr"));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(fresh.Headers.Location?.OriginalString.Replace("nouvelle", "paule", StringComparison.Ordinal), again.Headers.Location?.OriginalString);
        var againPage = await Html.ParseAsync(await stranger.FollowAsync(again));
        var freshPage = await Html.ParseAsync(await stranger.FollowAsync(fresh));
        Assert.Equal(freshPage.Text("main").Replace("nouvelle", "paule", StringComparison.Ordinal), againPage.Text("main"));
        Assert.Contains("Un courriel vient d'être envoyé à paule@exemple.fr", againPage.Text("main"));

        var mail = await env.Smtp.WaitForMessageToAsync("paule@exemple.fr", "déjà un compte", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains($"http://lavaur.localhost:{env.Platform.Port}/connexion", mail.TextBody);
        Assert.Equal(2, await ResidentAccountTests.CountUsersAsync(env, "lavaur")); // Paule's and the new one: no second account for Paule
        Assert.Equal(HttpStatusCode.Redirect, (await ResidentAccountTests.SignInAsync(owner, "paule@exemple.fr")).StatusCode); // her password unchanged
    }

    [Fact]
    public async Task A_refused_resident_sign_in_reads_the_same_for_no_account_a_wrong_password_a_locked_account_and_an_unconfirmed_address()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "rose@exemple.fr");
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "louis@exemple.fr");
        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitAsync("/inscription", ResidentAccountTests.SignUpForm("simon@exemple.fr"))).StatusCode);
        for (var i = 0; i < 5; i++)
            await ResidentAccountTests.SignInAsync(session, "louis@exemple.fr", "mauvais mot de passe");

        var noAccount = await RefusalAsync(session, "personne@exemple.fr");
        var wrongPassword = await RefusalAsync(session, "rose@exemple.fr", "mauvais mot de passe");
        var locked = await RefusalAsync(session, "louis@exemple.fr"); // the right password, locked
        var unconfirmed = await RefusalAsync(session, "simon@exemple.fr"); // the right password, address not confirmed

        Assert.Contains("Connexion impossible", noAccount);
        Assert.Equal(noAccount, wrongPassword);
        Assert.Equal(noAccount, locked);
        Assert.Equal(noAccount, unconfirmed);

        // "Mot de passe oublié" says the rest by mail: a new confirmation link for the unconfirmed address.
        env.Smtp.Clear();
        await session.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = "simon@exemple.fr" });
        Assert.Contains("/confirmer-email?", await env.LinkMailedToAsync("simon@exemple.fr"));
    }

    [Fact]
    public async Task Agents_see_one_refusal_and_an_address_needs_a_dotted_domain_everywhere()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var cli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "agents", "invite", "--slug", "lavaur", "--email", "cabinet@lavaur.example");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var refusedCli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "agents", "invite", "--slug", "lavaur", "--email", "a@b");
        Assert.NotEqual(0, refusedCli.ExitCode);
        using var supervisor = env.Session();
        await AgentAccountTests.AcceptInvitationAsync(env, supervisor, "cabinet@lavaur.example");

        var invitation = await Html.ParseAsync(await supervisor.SubmitAsync("/agents/comptes", new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Alain",
            ["Input.FamilyName"] = "Bé",
            ["Input.Email"] = "a@b",
            ["Input.Role"] = "agent",
        }));
        Assert.Contains("L'adresse électronique n'est pas valide", invitation.Text("#Input_Email-erreur"));

        using var session = env.Session();
        var signUp = await Html.ParseAsync(await session.SubmitAsync("/inscription", ResidentAccountTests.SignUpForm("a@b")));
        Assert.Contains("L'adresse électronique n'est pas valide", signUp.Text("#Input_Email-erreur"));
        Assert.Equal(1, await ResidentAccountTests.CountUsersAsync(env, "lavaur")); // the supervisor only

        for (var i = 0; i < 5; i++)
            await ResidentAccountTests.SignInAsync(session, "cabinet@lavaur.example", "mauvais mot de passe", "/agents/connexion");
        var locked = await RefusalAsync(session, "cabinet@lavaur.example", "mot de passe des agents", "/agents/connexion");
        var noAccount = await RefusalAsync(session, "personne@lavaur.example", "mot de passe des agents", "/agents/connexion");
        Assert.Contains("Connexion impossible", noAccount);
        Assert.Equal(noAccount, locked);
    }

    [Fact]
    public async Task A_town_provisioned_before_the_account_exists_mail_gets_it_from_its_migration()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var lavaur = env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!;
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(lavaur);
            await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Database.ExecuteSqlRawAsync(
                "DELETE FROM mail_templates WHERE key = 'account_exists'; DELETE FROM \"__EFMigrationsHistory\" WHERE migration_id = '20261201043000_AccountExistsMail';",
                TestContext.Current.CancellationToken);
        }

        await env.Platform.Services.GetRequiredService<TownSchemaMigrator>().MigrateTownAsync(lavaur, TestContext.Current.CancellationToken);

        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "yves@exemple.fr");
        await session.SubmitAsync("/inscription", ResidentAccountTests.SignUpForm("yves@exemple.fr"));
        var mail = await env.Smtp.WaitForMessageToAsync("yves@exemple.fr", "déjà un compte", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("Bonjour Angèle Dubois,", mail.TextBody);
        Assert.Contains("guichet en ligne de la mairie de Lavaur", mail.TextBody);
    }

    private static async Task<string> RefusalAsync(WebSession session, string email, string password = "une phrase de passe solide", string url = "/connexion")
    {
        var response = await ResidentAccountTests.SignInAsync(session, email, password, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Html.ParseAsync(response)).Text(".error-summary");
    }
}
